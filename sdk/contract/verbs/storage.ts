import { defineVerb } from '../verb.js'

/** Frozen: the export file format of app storage (`fazt storage export`), version 1. */
export const STORAGE_FORMAT = 'fazt.storage/1'

export interface ExportKv {
  key: string
  value: unknown
  expiresAt: number | null
  createdAt: number
  updatedAt: number
}

export interface ExportDoc {
  collection: string
  id: string
  /** The document's fields without id, _createdAt and _updatedAt. */
  data: Record<string, unknown>
  createdAt: number
  updatedAt: number
}

export interface ExportBlob {
  path: string
  mime: string
  size: number
  /** sha256 of the bytes, lower-case hex. */
  hash: string
  createdAt: number
  updatedAt: number
  /** The bytes, base64. */
  data: string
}

export interface StorageExport {
  format: typeof STORAGE_FORMAT
  /** The app it was exported from (informative: import takes the target app as a parameter). */
  app: string
  exportedAt: number
  kv: ExportKv[]
  docs: ExportDoc[]
  blobs: ExportBlob[]
}

export interface StorageKindStats {
  kind: 'kv' | 'docs' | 'blobs'
  count: number
  bytes: number
}

const appParam = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'app name or id',
} as const

export const storageStats = defineVerb<{ app: string }, StorageKindStats[]>({
  name: 'storage.stats',
  summary: "Count an app's KV keys, documents and blobs and their bytes",
  scope: 'read',
  remote: true,
  params: { type: 'object', required: ['app'], additionalProperties: false, properties: { app: appParam } },
  result: {
    type: 'array',
    items: {
      type: 'object',
      required: ['kind', 'count', 'bytes'],
      properties: {
        kind: { enum: ['kv', 'docs', 'blobs'] },
        count: { type: 'integer' },
        bytes: { type: 'integer' },
      },
    },
  },
  cli: { args: ['app'], output: 'list', columns: ['kind', 'count', 'bytes'] },
})

export const storageExport = defineVerb<{ app: string }, StorageExport>({
  name: 'storage.export',
  summary: 'Print all storage of an app as JSON (fazt storage export APP > file.json)',
  scope: 'read',
  remote: true,
  params: { type: 'object', required: ['app'], additionalProperties: false, properties: { app: appParam } },
  result: {
    type: 'object',
    required: ['format', 'app', 'kv', 'docs', 'blobs'],
    properties: {
      format: { const: STORAGE_FORMAT },
      app: { type: 'string' },
      exportedAt: { type: 'integer' },
      kv: { type: 'array' },
      docs: { type: 'array' },
      blobs: { type: 'array' },
    },
  },
  // 'plain' prints the JSON itself (one line), so a redirect gives an importable file in any format.
  cli: { args: ['app'], output: 'plain' },
})

export interface StorageImportResult {
  kv: number
  docs: number
  blobs: number
  expired: number
}

export const storageImport = defineVerb<
  { app: string; file: string; replace?: boolean },
  StorageImportResult
>({
  name: 'storage.import',
  summary: 'Load a storage export into an app, all or nothing',
  scope: 'admin',
  // It reads a file on the machine running the verb. Remote import would carry the content instead;
  // that waits for the transport's file upload (the same one deploy uses).
  remote: false,
  localHint: 'the export file is read on the node itself: copy it there and run `fazt storage import` there',
  params: {
    type: 'object',
    required: ['app', 'file'],
    additionalProperties: false,
    properties: {
      app: appParam,
      file: {
        type: 'string',
        minLength: 1,
        maxLength: 4096,
        description: 'a file written by fazt storage export',
      },
      replace: { type: 'boolean', description: "delete the app's storage first (default: merge, file wins)" },
    },
  },
  result: {
    type: 'object',
    required: ['kv', 'docs', 'blobs'],
    properties: {
      kv: { type: 'integer' },
      docs: { type: 'integer' },
      blobs: { type: 'integer' },
      expired: { type: 'integer' },
    },
  },
  cli: { args: ['app', 'file'], output: 'record' },
})
