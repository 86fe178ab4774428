import { createHash } from 'node:crypto'
import type { Statement } from 'better-sqlite3'
import type { StorageEngine } from './engine.js'
import type { ListOptions } from './kv-store.js'
import { checkCount, checkName, describe, invalid, shown, tooBig } from './limits.js'
import { prefixRange } from './prefix.js'

export interface BlobInfo {
  path: string
  size: number
  mime: string
  /** sha256 of the bytes, lower-case hex. */
  hash: string
  createdAt: number
  updatedAt: number
}

export interface Blob {
  data: Buffer
  mime: string
  size: number
  hash: string
}

export const DEFAULT_MIME = 'application/octet-stream'
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9!#$&^_.+-]+(\s*;[\x20-\x7e]*)?$/i

export function blobBytes(data: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8')
  if (Buffer.isBuffer(data)) return data
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  throw invalid(`blob data must be bytes or a string, not ${describe(data)}`)
}

export function checkMime(mime: unknown): string {
  if (typeof mime !== 'string' || mime.length > 255 || !MIME.test(mime)) {
    throw invalid(
      `${typeof mime === 'string' ? shown(mime) : describe(mime)} is not a media type`,
      'e.g. image/png',
    )
  }
  return mime
}

/** Blob statements of one connection; every method takes the app id first. */
export class BlobStore {
  #e: StorageEngine
  #put: Statement
  #get: Statement
  #delete: Statement
  #list: Statement
  #listTo: Statement

  constructor(e: StorageEngine) {
    this.#e = e
    const db = e.db
    this.#put =
      db.prepare(`INSERT INTO app_blobs (app_id, path, mime, size, hash, created_at, updated_at, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (app_id, path) DO UPDATE SET mime = excluded.mime, size = excluded.size,
        hash = excluded.hash, updated_at = excluded.updated_at, data = excluded.data`)
    this.#get = db.prepare('SELECT data, mime, size, hash FROM app_blobs WHERE app_id = ? AND path = ?')
    this.#delete = db.prepare('DELETE FROM app_blobs WHERE app_id = ? AND path = ?')
    const list = `SELECT path, size, mime, hash, created_at AS createdAt, updated_at AS updatedAt
      FROM app_blobs WHERE app_id = ? AND path >= ? AND path > ?`
    this.#list = db.prepare(`${list} ORDER BY path LIMIT ?`)
    this.#listTo = db.prepare(`${list} AND path < ? ORDER BY path LIMIT ?`)
  }

  put(appId: string, path: string, data: unknown, mime?: string): Omit<BlobInfo, 'createdAt' | 'updatedAt'> {
    const l = this.#e.limits
    checkName('blob path', path, l.maxKeyBytes)
    const type = mime === undefined ? DEFAULT_MIME : checkMime(mime)
    const bytes = blobBytes(data)
    if (bytes.length > l.maxBlobBytes) throw tooBig(`blob ${shown(path)}`, bytes.length, l.maxBlobBytes)
    const hash = createHash('sha256').update(bytes).digest('hex')
    const now = this.#e.clock.now()
    this.#put.run(appId, path, type, bytes.length, hash, now, now, bytes)
    return { path, size: bytes.length, mime: type, hash }
  }

  get(appId: string, path: string): Blob | null {
    checkName('blob path', path, this.#e.limits.maxKeyBytes)
    return (this.#get.get(appId, path) as Blob | undefined) ?? null
  }

  delete(appId: string, path: string): boolean {
    checkName('blob path', path, this.#e.limits.maxKeyBytes)
    return this.#delete.run(appId, path).changes > 0
  }

  /** Metadata of blobs under a literal prefix, by path. */
  list(appId: string, prefix = '', opts: ListOptions = {}): BlobInfo[] {
    const l = this.#e.limits
    if (prefix !== '') checkName('prefix', prefix, l.maxKeyBytes)
    const after = opts.after === undefined ? '' : checkName('after', opts.after, l.maxKeyBytes)
    const limit = opts.limit === undefined ? l.maxLimit : checkCount('limit', opts.limit, l.maxLimit)
    const { from, to } = prefixRange(prefix)
    return (
      to === null
        ? this.#list.all(appId, from, after, limit)
        : this.#listTo.all(appId, from, after, to, limit)
    ) as BlobInfo[]
  }
}
