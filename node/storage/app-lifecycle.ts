import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'
import { isUniqueViolation, translateSqliteError } from './sqlite-errors.js'

/*
 * Whole-app operations for hosting (`app fork`, `app remove`) and the storage verbs. They take the
 * connection and run inside the caller's transaction when there is one (better-sqlite3 nests it as a
 * savepoint), so `app remove` deletes the app and its storage in one transaction.
 */

export interface StorageCounts {
  kv: number
  docs: number
  blobs: number
}

export interface KindStats {
  kind: 'kv' | 'docs' | 'blobs'
  count: number
  /** kv: key + JSON value; docs: collection + id + JSON data; blobs: their bytes. */
  bytes: number
}

/** Copies every KV entry, document and blob of `fromAppId` to `toAppId` (which must have none yet). */
export function copyAppStorage(db: DB, fromAppId: string, toAppId: string): StorageCounts {
  const copy = db.transaction(() => ({
    kv: db
      .prepare(`INSERT INTO app_kv (app_id, key, value, expires_at, created_at, updated_at)
        SELECT ?, key, value, expires_at, created_at, updated_at FROM app_kv WHERE app_id = ?`)
      .run(toAppId, fromAppId).changes,
    docs: db
      .prepare(`INSERT INTO app_docs (app_id, collection, id, data, created_at, updated_at)
        SELECT ?, collection, id, data, created_at, updated_at FROM app_docs WHERE app_id = ?
        ORDER BY rowid`)
      .run(toAppId, fromAppId).changes,
    blobs: db
      .prepare(`INSERT INTO app_blobs (app_id, path, mime, size, hash, created_at, updated_at, data)
        SELECT ?, path, mime, size, hash, created_at, updated_at, data FROM app_blobs WHERE app_id = ?`)
      .run(toAppId, fromAppId).changes,
  }))
  try {
    return copy.immediate()
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError('CONFLICT', `app ${toAppId} already has storage; copy only into a new app`, {
        cause: e,
      })
    }
    throw translateSqliteError(e, toAppId)
  }
}

/** Deletes all storage of one app; returns how much there was. */
export function deleteAppStorage(db: DB, appId: string): StorageCounts {
  const del = db.transaction(() => ({
    kv: db.prepare('DELETE FROM app_kv WHERE app_id = ?').run(appId).changes,
    docs: db.prepare('DELETE FROM app_docs WHERE app_id = ?').run(appId).changes,
    blobs: db.prepare('DELETE FROM app_blobs WHERE app_id = ?').run(appId).changes,
  }))
  try {
    return del.immediate()
  } catch (e) {
    throw translateSqliteError(e, appId)
  }
}

/** Counts and bytes per kind, live KV keys only, from one snapshot. */
export function storageStats(db: DB, appId: string, now: number): KindStats[] {
  const read = db.transaction(() => {
    const kv = db
      .prepare(`SELECT count(*) AS count, coalesce(sum(octet_length(key) + octet_length(value)), 0) AS bytes
        FROM app_kv WHERE app_id = ? AND (expires_at IS NULL OR expires_at > ?)`)
      .get(appId, now) as Omit<KindStats, 'kind'>
    const docs = db
      .prepare(`SELECT count(*) AS count,
          coalesce(sum(octet_length(collection) + octet_length(id) + octet_length(data)), 0) AS bytes
        FROM app_docs WHERE app_id = ?`)
      .get(appId) as Omit<KindStats, 'kind'>
    const blobs = db
      .prepare('SELECT count(*) AS count, coalesce(sum(size), 0) AS bytes FROM app_blobs WHERE app_id = ?')
      .get(appId) as Omit<KindStats, 'kind'>
    return [
      { kind: 'kv', ...kv },
      { kind: 'docs', ...docs },
      { kind: 'blobs', ...blobs },
    ] as KindStats[]
  })
  return read.deferred()
}
