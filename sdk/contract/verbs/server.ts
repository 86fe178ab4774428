// `fazt server …`: running a node and what it reports about itself (docs/running.md).
import { type Static, Type } from '@sinclair/typebox'
import { Literals, NoParams, Nullable, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

const Int = Type.Integer({ minimum: 0 })

/** Runs in the client: the calling process becomes the node (cli/server-start.ts). */
export const serverStart = defineVerb({
  name: 'server.start',
  runs: 'client',
  summary: 'Run a node in the foreground (stops cleanly on SIGINT/SIGTERM)',
  scope: 'system',
  remote: false,
  stream: true,
  localHint: 'a node is started on its own machine: run `fazt server start` there',
  params: Params({
    port: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 65535,
        default: 8080,
        description: 'port to listen on (0: any free port)',
      }),
    ),
    host: Type.Optional(
      Type.String({ minLength: 1, maxLength: 255, default: '0.0.0.0', description: 'address to bind' }),
    ),
    domain: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: "the node's domain (stored)" }),
    ),
  }),
  result: Result({ stopped: Type.Literal(true) }),
  cli: { output: 'none' },
})
export type ServerStartParams = Static<typeof serverStart.params>

export const serverInfo = defineVerb({
  name: 'server.info',
  summary: 'Show version, identity, domain, URLs, data file, uptime and counts',
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Result({
    version: Type.String(),
    node_id: Nullable(Type.String()),
    fingerprint: Nullable(Type.String()),
    domain: Type.String(),
    domain_source: Literals(['flag', 'stored', 'detected']),
    urls: Type.Array(Type.String()),
    running: Type.Boolean(),
    pid: Nullable(Type.Integer()),
    data_file: Type.String(),
    uptime_s: Nullable(Type.Number()),
    apps: Int,
    peers: Int,
    schema_version: Int,
  }),
  cli: { output: 'record' },
})
export type ServerInfo = Static<typeof serverInfo.result>
