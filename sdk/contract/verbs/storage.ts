// `fazt storage …`: an app's KV, documents and blobs as a whole (docs/storage.md).
import { type Static, Type } from '@sinclair/typebox'
import { AppRef, Literals, LocalPath, Millis, Nullable, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

/** Frozen: the export file format of app storage (`fazt storage export`), version 1. */
export const STORAGE_FORMAT = 'fazt.storage/1'

const Int = Type.Integer({ minimum: 0 })

export const ExportKv = Result({
  key: Type.String(),
  value: Type.Unknown(),
  expiresAt: Nullable(Millis),
  createdAt: Millis,
  updatedAt: Millis,
})

export const ExportDoc = Result({
  collection: Type.String(),
  id: Type.String(),
  /** The document's fields without id, _createdAt and _updatedAt. */
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Millis,
  updatedAt: Millis,
})

export const ExportBlob = Result({
  path: Type.String(),
  mime: Type.String(),
  size: Int,
  /** sha256 of the bytes, lower-case hex. */
  hash: Type.String(),
  createdAt: Millis,
  updatedAt: Millis,
  /** The bytes, base64. */
  data: Type.String(),
})

export const StorageExport = Result({
  format: Type.Literal(STORAGE_FORMAT),
  /** The app it was exported from (informative: import takes the target app as a parameter). */
  app: Type.String(),
  exportedAt: Millis,
  kv: Type.Array(ExportKv),
  docs: Type.Array(ExportDoc),
  blobs: Type.Array(ExportBlob),
})
export type StorageExport = Static<typeof StorageExport>
export type ExportKv = Static<typeof ExportKv>
export type ExportDoc = Static<typeof ExportDoc>
export type ExportBlob = Static<typeof ExportBlob>

export const StorageKindStats = Result({ kind: Literals(['kv', 'docs', 'blobs']), count: Int, bytes: Int })
export type StorageKindStats = Static<typeof StorageKindStats>

export const storageStats = defineVerb({
  name: 'storage.stats',
  summary: "Count an app's KV keys, documents and blobs and their bytes",
  scope: 'read',
  remote: true,
  params: Params({ app: AppRef }),
  result: Type.Array(StorageKindStats),
  cli: { args: ['app'], output: 'list', columns: ['kind', 'count', 'bytes'] },
})

export const storageExport = defineVerb({
  name: 'storage.export',
  summary: 'Print all storage of an app as JSON (fazt storage export APP > file.json)',
  scope: 'read',
  remote: true,
  params: Params({ app: AppRef }),
  result: StorageExport,
  // 'plain' prints the JSON itself (one line), so a redirect gives an importable file in any format.
  cli: { args: ['app'], output: 'plain' },
})

export const StorageImportResult = Result({ kv: Int, docs: Int, blobs: Int, expired: Int })
export type StorageImportResult = Static<typeof StorageImportResult>

export const storageImport = defineVerb({
  name: 'storage.import',
  summary: 'Load a storage export into an app, all or nothing',
  scope: 'admin',
  // It reads a file on the machine running the verb. Remote import would carry the content instead;
  // that waits for the transport's file upload (the same one deploy uses).
  remote: false,
  localHint: 'the export file is read on the node itself: copy it there and run `fazt storage import` there',
  params: Params({
    app: AppRef,
    file: LocalPath('a file written by fazt storage export'),
    replace: Type.Optional(
      Type.Boolean({ description: "delete the app's storage first (default: merge, file wins)" }),
    ),
  }),
  result: StorageImportResult,
  cli: { args: ['app', 'file'], output: 'record' },
})
