import { createHash } from 'node:crypto'
import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'
import { CHUNK, type HostingLimits, MAX_UPLOAD_CALL, UPLOAD_GRACE_MS } from './limits.js'
import { isHash } from './paths.js'

export interface UploadPart {
  hash: string
  size: number
  offset: number
  /** base64 */
  data: string
}

export interface UploadResult {
  received: number
  completed: string[]
}

/**
 * Content-addressed bodies (docs/hosting.md#releases): stored once per sha256 in 1 MiB chunks. A `bodies` row exists
 * only after every chunk is present and the whole body hashed to its name, so nothing unverified is
 * ever served or referenced by a release.
 */
export class BodyStore {
  #has
  #size
  #putChunk
  #chunks
  #chunkRange
  #dropChunks
  #dropExtra
  #insert
  #used
  #dropBody
  #staleChunks
  #staleBodies

  constructor(
    private db: DB,
    private now: () => number,
  ) {
    this.#has = db.prepare('SELECT 1 FROM bodies WHERE hash = ?').pluck()
    this.#size = db.prepare('SELECT size FROM bodies WHERE hash = ?').pluck()
    this.#putChunk = db.prepare(
      'INSERT INTO body_chunks (hash, seq, data, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (hash, seq) DO UPDATE SET data = excluded.data, created_at = excluded.created_at',
    )
    this.#chunks = db.prepare('SELECT seq, data FROM body_chunks WHERE hash = ? ORDER BY seq')
    this.#chunkRange = db
      .prepare('SELECT data FROM body_chunks WHERE hash = ? AND seq BETWEEN ? AND ? ORDER BY seq')
      .pluck()
    this.#dropChunks = db.prepare('DELETE FROM body_chunks WHERE hash = ?')
    this.#dropExtra = db.prepare('DELETE FROM body_chunks WHERE hash = ? AND seq >= ?')
    this.#insert = db.prepare('INSERT INTO bodies (hash, size, chunks, created_at) VALUES (?, ?, ?, ?)')
    this.#used = db.prepare('SELECT 1 FROM release_files WHERE hash = ? LIMIT 1').pluck()
    this.#dropBody = db.prepare('DELETE FROM bodies WHERE hash = ?')
    this.#staleChunks = db.prepare(
      'DELETE FROM body_chunks WHERE created_at < ? AND hash NOT IN (SELECT hash FROM bodies)',
    )
    this.#staleBodies = db
      .prepare(
        'SELECT hash FROM bodies b WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM release_files f WHERE f.hash = b.hash)',
      )
      .pluck()
  }

  has(hash: string): boolean {
    return this.#has.get(hash) !== undefined
  }

  sizeOf(hash: string): number | undefined {
    return this.#size.get(hash) as number | undefined
  }

  missing(hashes: Iterable<string>): string[] {
    const out: string[] = []
    for (const h of new Set(hashes)) if (!this.has(h)) out.push(h)
    return out
  }

  /** Stores upload parts in one transaction; a part that ends its body verifies the whole body. */
  upload(parts: UploadPart[], limits: HostingLimits): UploadResult {
    const decoded = parts.map((p) => ({ ...p, bytes: decodeBase64(p.data, p.hash) }))
    const total = decoded.reduce((n, p) => n + p.bytes.length, 0)
    if (total > MAX_UPLOAD_CALL) {
      throw new AppError('PAYLOAD_TOO_LARGE', `one upload call carries at most ${MAX_UPLOAD_CALL} bytes`, {
        hint: 'split the upload into several calls',
      })
    }
    const completed: string[] = []
    const now = this.now()
    const run = this.db.transaction(() => {
      for (const p of decoded) {
        checkPart(p, p.bytes.length, limits)
        if (this.has(p.hash)) continue
        for (let i = 0; i * CHUNK < p.bytes.length; i++) {
          const slice = p.bytes.subarray(i * CHUNK, (i + 1) * CHUNK)
          this.#putChunk.run(p.hash, p.offset / CHUNK + i, slice, now)
        }
        if (p.offset + p.bytes.length === p.size) {
          this.#finalize(p.hash, p.size, now)
          completed.push(p.hash)
        }
      }
    })
    run.immediate()
    return { received: total, completed }
  }

  #finalize(hash: string, size: number, now: number): void {
    const want = Math.ceil(size / CHUNK)
    this.#dropExtra.run(hash, want)
    const sha = createHash('sha256')
    let seen = 0
    let bytes = 0
    for (const row of this.#chunks.iterate(hash) as Iterable<{ seq: number; data: Buffer }>) {
      if (row.seq !== seen) break
      sha.update(row.data)
      bytes += row.data.length
      seen++
    }
    if (seen !== want || bytes !== size) {
      throw new AppError(
        'UPLOAD_INCOMPLETE',
        `upload of ${hash.slice(0, 12)}… is incomplete: got ${bytes} of ${size} bytes`,
        { hint: 'the upload was cut off or a part is missing: deploy again' },
      )
    }
    if (sha.digest('hex') !== hash) {
      throw new AppError('HASH_MISMATCH', `content does not match its hash ${hash.slice(0, 12)}…`, {
        hint: 'the file changed during the upload, or the upload was corrupted: deploy again',
      })
    }
    this.#insert.run(hash, size, want, now)
  }

  /** The whole body. */
  read(hash: string): Buffer {
    const rows = this.#chunks.all(hash) as { data: Buffer }[]
    return rows.length === 1 ? (rows[0] as { data: Buffer }).data : Buffer.concat(rows.map((r) => r.data))
  }

  /** Bytes [start, end) of a body, reading only the chunks that hold them. */
  readRange(hash: string, start: number, end: number): Buffer {
    if (end <= start) return Buffer.alloc(0)
    const first = Math.floor(start / CHUNK)
    const last = Math.floor((end - 1) / CHUNK)
    const rows = this.#chunkRange.all(hash, first, last) as Buffer[]
    const buf = rows.length === 1 ? (rows[0] as Buffer) : Buffer.concat(rows)
    return buf.subarray(start - first * CHUNK, end - first * CHUNK)
  }

  /**
   * Deletes the given bodies that no release uses any more (call inside the transaction that dropped
   * their last use), then sweeps abandoned uploads older than the grace period.
   */
  collect(candidates: Iterable<string>): { bodies: number } {
    let n = 0
    for (const h of new Set(candidates)) {
      if (this.#used.get(h) !== undefined) continue
      this.#dropChunks.run(h)
      n += this.#dropBody.run(h).changes
    }
    const cutoff = this.now() - UPLOAD_GRACE_MS
    this.#staleChunks.run(cutoff)
    for (const h of this.#staleBodies.all(cutoff) as string[]) {
      this.#dropChunks.run(h)
      n += this.#dropBody.run(h).changes
    }
    return { bodies: n }
  }
}

function decodeBase64(data: string, hash: string): Buffer {
  const bytes = Buffer.from(data, 'base64')
  // Buffer.from skips characters that are not base64; a round trip catches a mangled part.
  if (bytes.toString('base64').replace(/=+$/, '') !== data.replace(/=+$/, '')) {
    throw new AppError('INVALID_ARGUMENT', `upload part of ${hash.slice(0, 12)}… is not valid base64`)
  }
  return bytes
}

function checkPart(p: UploadPart, length: number, limits: HostingLimits): void {
  if (!isHash(p.hash)) throw new AppError('INVALID_ARGUMENT', 'an upload hash is not a sha256 hex digest')
  if (p.size > limits.fileBytes) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `a file of ${p.size} bytes is over the ${limits.fileBytes}-byte limit`,
      {
        hint: 'files are limited per file (setting hosting.max_file_bytes)',
      },
    )
  }
  if (p.offset % CHUNK !== 0 || p.offset + length > p.size) {
    throw new AppError('INVALID_ARGUMENT', `upload part of ${p.hash.slice(0, 12)}… is out of place`)
  }
  if (p.offset + length !== p.size && length % CHUNK !== 0) {
    throw new AppError('UPLOAD_INCOMPLETE', `upload part of ${p.hash.slice(0, 12)}… is truncated`, {
      hint: 'the upload was cut off: deploy again',
    })
  }
}
