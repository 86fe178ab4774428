import { defineVerb, noParams } from '../verb.js'

export interface VersionResult {
  version: string
  protocol: number
  node: string
}

export const version = defineVerb<Record<string, never>, VersionResult>({
  name: 'version',
  summary: 'Print the fazt version',
  scope: 'read',
  remote: true,
  params: noParams,
  result: {
    type: 'object',
    required: ['version', 'protocol', 'node'],
    properties: { version: { type: 'string' }, protocol: { type: 'integer' }, node: { type: 'string' } },
  },
  cli: { output: 'record' },
})

export interface ServerInfo {
  version: string
  node_id: string | null
  fingerprint: string | null
  domain: string
  domain_source: 'flag' | 'stored' | 'detected'
  urls: string[]
  running: boolean
  pid: number | null
  data_file: string
  uptime_s: number | null
  apps: number
  peers: number
  schema_version: number
}

export const serverInfo = defineVerb<Record<string, never>, ServerInfo>({
  name: 'server.info',
  summary: 'Show version, identity, domain, URLs, data file, uptime and counts',
  scope: 'read',
  remote: true,
  params: noParams,
  result: {
    type: 'object',
    required: ['version', 'node_id', 'domain', 'domain_source', 'urls', 'running', 'data_file'],
    properties: {
      version: { type: 'string' },
      node_id: { type: ['string', 'null'] },
      fingerprint: { type: ['string', 'null'] },
      domain: { type: 'string' },
      domain_source: { enum: ['flag', 'stored', 'detected'] },
      urls: { type: 'array', items: { type: 'string' } },
      running: { type: 'boolean' },
      pid: { type: ['integer', 'null'] },
      data_file: { type: 'string' },
      uptime_s: { type: ['number', 'null'] },
      apps: { type: 'integer' },
      peers: { type: 'integer' },
      schema_version: { type: 'integer' },
    },
  },
  cli: { output: 'record' },
})

export interface ServerStartParams {
  port?: number
  host?: string
  domain?: string
}

export const serverStart = defineVerb<ServerStartParams, { stopped: true }>({
  name: 'server.start',
  runs: 'client',
  summary: 'Run a node in the foreground (stops cleanly on SIGINT/SIGTERM)',
  scope: 'system',
  remote: false,
  stream: true,
  localHint: 'a node is started on its own machine: run `fazt server start` there',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      port: {
        type: 'integer',
        minimum: 0,
        maximum: 65535,
        default: 8080,
        description: 'port to listen on (0: any free port)',
      },
      host: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        default: '0.0.0.0',
        description: 'address to bind',
      },
      domain: { type: 'string', minLength: 1, maxLength: 253, description: "the node's domain (stored)" },
    },
  },
  result: { type: 'object' },
  cli: { output: 'none' },
})

export interface BackupResult {
  file: string
  bytes: number
  pages: number
  integrity: 'ok'
}

export const dbBackup = defineVerb<{ file: string }, BackupResult>({
  name: 'db.backup',
  summary: 'Write a consistent online copy of the data file',
  scope: 'system',
  remote: false,
  localHint:
    "a backup is written to a local file: run it on the node's machine, or use `fazt @peer sql` to read data",
  stream: true,
  params: {
    type: 'object',
    required: ['file'],
    additionalProperties: false,
    properties: {
      file: { type: 'string', minLength: 1, maxLength: 4096, description: 'where to write the copy' },
    },
  },
  result: {
    type: 'object',
    required: ['file', 'bytes'],
    properties: {
      file: { type: 'string' },
      bytes: { type: 'integer' },
      pages: { type: 'integer' },
      integrity: { const: 'ok' },
    },
  },
  cli: { args: ['file'], output: 'record' },
})
