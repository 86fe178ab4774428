import { AppError } from '../../sdk/contract/errors.js'
import {
  type ExportBlob,
  type ExportDoc,
  type ExportKv,
  STORAGE_FORMAT,
  type StorageExport,
} from '../../sdk/contract/verbs/storage.js'
import type { DB } from '../core/db-open.js'
import { deleteAppStorage, type StorageCounts } from './app-lifecycle.js'
import { checkImport } from './import-check.js'
import { DEFAULT_LIMITS, type StorageLimits } from './limits.js'
import { translateSqliteError } from './sqlite-errors.js'

/** Everything one app stores, as JSON (blobs in base64), from one consistent snapshot. */
export function exportAppStorage(db: DB, appId: string, now: number): StorageExport {
  const read = db.transaction(() => {
    const kv = (
      db
        .prepare(`SELECT key, value, expires_at, created_at, updated_at FROM app_kv
          WHERE app_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key`)
        .raw()
        .all(appId, now) as [string, string, number | null, number, number][]
    ).map(
      ([key, value, expiresAt, createdAt, updatedAt]): ExportKv => ({
        key,
        value: JSON.parse(value),
        expiresAt,
        createdAt,
        updatedAt,
      }),
    )
    const docs = (
      db
        .prepare(`SELECT collection, id, data, created_at, updated_at FROM app_docs WHERE app_id = ?
          ORDER BY collection, created_at, id`)
        .raw()
        .all(appId) as [string, string, string, number, number][]
    ).map(
      ([collection, id, data, createdAt, updatedAt]): ExportDoc => ({
        collection,
        id,
        data: JSON.parse(data),
        createdAt,
        updatedAt,
      }),
    )
    const blobs = (
      db
        .prepare(`SELECT path, mime, size, hash, created_at, updated_at, data FROM app_blobs
          WHERE app_id = ? ORDER BY path`)
        .raw()
        .all(appId) as [string, string, number, string, number, number, Buffer][]
    ).map(
      ([path, mime, size, hash, createdAt, updatedAt, data]): ExportBlob => ({
        path,
        mime,
        size,
        hash,
        createdAt,
        updatedAt,
        data: data.toString('base64'),
      }),
    )
    return { format: STORAGE_FORMAT, app: appId, exportedAt: now, kv, docs, blobs } satisfies StorageExport
  })
  return read.deferred()
}

export interface ImportOptions {
  now: number
  /** Delete the app's existing storage first; otherwise entries of the file overwrite same-named ones. */
  replace?: boolean
  limits?: Partial<StorageLimits>
}

export interface ImportResult extends StorageCounts {
  /** KV entries of the file that had already expired, not imported. */
  expired: number
}

/**
 * Loads an export into one app. The whole file is checked before anything is written, then written in
 * one transaction: a bad file changes nothing.
 */
export function importAppStorage(db: DB, appId: string, input: unknown, opts: ImportOptions): ImportResult {
  const data = checkImport(input, { ...DEFAULT_LIMITS, ...opts.limits })
  const live = data.kv.filter((k) => k.expiresAt === null || k.expiresAt > opts.now)
  const write = db.transaction(() => {
    if (opts.replace) deleteAppStorage(db, appId)
    const kv = db.prepare(`INSERT INTO app_kv (app_id, key, value, expires_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value,
      expires_at = excluded.expires_at, created_at = excluded.created_at, updated_at = excluded.updated_at`)
    for (const k of live) kv.run(appId, k.key, k.json, k.expiresAt, k.createdAt, k.updatedAt)
    const doc = db.prepare(`INSERT INTO app_docs (app_id, collection, id, data, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, collection, id) DO UPDATE SET data = excluded.data,
      created_at = excluded.created_at, updated_at = excluded.updated_at`)
    for (const d of data.docs) doc.run(appId, d.collection, d.id, d.json, d.createdAt, d.updatedAt)
    const blob =
      db.prepare(`INSERT INTO app_blobs (app_id, path, mime, size, hash, created_at, updated_at, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, path) DO UPDATE SET mime = excluded.mime,
      size = excluded.size, hash = excluded.hash, created_at = excluded.created_at,
      updated_at = excluded.updated_at, data = excluded.data`)
    for (const b of data.blobs)
      blob.run(appId, b.path, b.mime, b.size, b.hash, b.createdAt, b.updatedAt, b.bytes)
  })
  try {
    write.immediate()
  } catch (e) {
    throw e instanceof AppError ? e : translateSqliteError(e, appId)
  }
  return {
    kv: live.length,
    docs: data.docs.length,
    blobs: data.blobs.length,
    expired: data.kv.length - live.length,
  }
}
