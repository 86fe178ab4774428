import type { Statement } from 'better-sqlite3'
import type { StorageEngine } from './engine.js'
import { checkCount, checkName, describe, invalid, toJson } from './limits.js'
import { prefixRange } from './prefix.js'

export interface KvEntry {
  key: string
  value: unknown
  /** ms since the epoch; absent when the key never expires. */
  expiresAt?: number
}

export interface ListOptions {
  /** At most this many entries (default and maximum: the store's maxLimit). */
  limit?: number
  /** Start after this key (exclusive): the last key of the previous page. */
  after?: string
}

/**
 * KV statements of one connection; every method takes the app id first and every statement filters on
 * it. Expired keys are invisible from the millisecond they expire; the sweeper deletes them later.
 */
export class KvStore {
  #e: StorageEngine
  #set: Statement
  #get: Statement
  #delete: Statement
  #list: Statement
  #listTo: Statement
  #sweep: Statement

  constructor(e: StorageEngine) {
    this.#e = e
    const db = e.db
    // An expired row being overwritten is a new key: its created_at starts again.
    this.#set = db.prepare(`INSERT INTO app_kv (app_id, key, value, expires_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at,
        updated_at = excluded.updated_at,
        created_at = iif(app_kv.expires_at <= excluded.updated_at, excluded.created_at, app_kv.created_at)`)
    this.#get = db
      .prepare(`SELECT value FROM app_kv WHERE app_id = ? AND key = ?
        AND (expires_at IS NULL OR expires_at > ?)`)
      .pluck()
    this.#delete = db.prepare('DELETE FROM app_kv WHERE app_id = ? AND key = ? RETURNING expires_at').pluck()
    const list = `SELECT key, value, expires_at FROM app_kv WHERE app_id = ? AND key >= ? AND key > ?
      AND (expires_at IS NULL OR expires_at > ?)`
    this.#list = db.prepare(`${list} ORDER BY key LIMIT ?`).raw()
    this.#listTo = db.prepare(`${list} AND key < ? ORDER BY key LIMIT ?`).raw()
    this.#sweep = db.prepare(`DELETE FROM app_kv WHERE (app_id, key) IN
      (SELECT app_id, key FROM app_kv WHERE expires_at <= ? LIMIT ?)`)
  }

  set(appId: string, key: string, value: unknown, ttlMs?: number | null): void {
    const l = this.#e.limits
    checkName('key', key, l.maxKeyBytes)
    const json = toJson(`value of key "${key.slice(0, 60)}"`, value, l.maxValueBytes)
    const now = this.#e.clock.now()
    const expiresAt = ttlMs === undefined || ttlMs === null ? null : now + this.#ttl(ttlMs)
    this.#set.run(appId, key, json, expiresAt, now, now)
  }

  get(appId: string, key: string): unknown {
    checkName('key', key, this.#e.limits.maxKeyBytes)
    const json = this.#get.get(appId, key, this.#e.clock.now()) as string | undefined
    return json === undefined ? undefined : JSON.parse(json)
  }

  /** True when a live key was deleted. */
  delete(appId: string, key: string): boolean {
    checkName('key', key, this.#e.limits.maxKeyBytes)
    const expiresAt = this.#delete.get(appId, key) as number | null | undefined
    if (expiresAt === undefined) return false
    return expiresAt === null || expiresAt > this.#e.clock.now()
  }

  /** Live keys starting with `prefix` (literally: `%` and `_` are ordinary characters), by key. */
  list(appId: string, prefix = '', opts: ListOptions = {}): KvEntry[] {
    const l = this.#e.limits
    if (prefix !== '') checkName('prefix', prefix, l.maxKeyBytes)
    const after = opts.after === undefined ? '' : checkName('after', opts.after, l.maxKeyBytes)
    const limit = opts.limit === undefined ? l.maxLimit : checkCount('limit', opts.limit, l.maxLimit)
    const { from, to } = prefixRange(prefix)
    const now = this.#e.clock.now()
    const rows = (
      to === null
        ? this.#list.all(appId, from, after, now, limit)
        : this.#listTo.all(appId, from, after, now, to, limit)
    ) as [string, string, number | null][]
    return rows.map(([key, value, expiresAt]) =>
      expiresAt === null ? { key, value: JSON.parse(value) } : { key, value: JSON.parse(value), expiresAt },
    )
  }

  /** Deletes up to `batch` expired keys of every app; returns how many. */
  sweep(now: number, batch: number): number {
    return this.#sweep.run(now, batch).changes
  }

  #ttl(ttlMs: unknown): number {
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw invalid(`ttl must be a positive number of milliseconds, not ${describe(ttlMs)}`)
    }
    const max = this.#e.limits.maxTtlMs
    if (ttlMs > max) throw invalid(`ttl ${ttlMs} ms is longer than the limit of ${max} ms`)
    return Math.ceil(ttlMs)
  }
}
