import type { DB } from '../core/db-open.js'
import type { AppRow } from './app-store.js'
import { contentTypeOf } from './content-type.js'
import type { CheckedManifest } from './manifest.js'

export interface ReleaseRow {
  app_id: string
  number: number
  digest: string
  files: number
  bytes: number
  created_at: number
}

export interface ManifestEntry {
  path: string
  hash: string
  size: number
  type: string
}

/** Immutable releases (docs/hosting.md#releases): a numbered manifest per app, and the app's current-release pointer. */
export class ReleaseStore {
  #one
  #all
  #last
  #files
  #insert
  #insertFile
  #point
  #copyFiles

  constructor(db: DB) {
    this.#one = db.prepare('SELECT * FROM releases WHERE app_id = ? AND number = ?')
    this.#all = db.prepare('SELECT * FROM releases WHERE app_id = ? ORDER BY number DESC')
    this.#last = db.prepare('SELECT max(number) FROM releases WHERE app_id = ?').pluck()
    this.#files = db.prepare(
      'SELECT path, hash, size, type FROM release_files WHERE app_id = ? AND release = ? ORDER BY path',
    )
    this.#insert = db.prepare(
      'INSERT INTO releases (app_id, number, digest, files, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#insertFile = db.prepare(
      'INSERT INTO release_files (app_id, release, path, hash, size, type) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#point = db.prepare('UPDATE apps SET current_release = ?, updated_at = ? WHERE id = ?')
    this.#copyFiles = db.prepare(
      'INSERT INTO release_files (app_id, release, path, hash, size, type) SELECT ?, ?, path, hash, size, type FROM release_files WHERE app_id = ? AND release = ?',
    )
  }

  get(appId: string, number: number): ReleaseRow | undefined {
    return this.#one.get(appId, number) as ReleaseRow | undefined
  }

  list(appId: string): ReleaseRow[] {
    return this.#all.all(appId) as ReleaseRow[]
  }

  manifest(appId: string, number: number): ManifestEntry[] {
    return this.#files.all(appId, number) as ManifestEntry[]
  }

  /** Creates the next release (caller holds the write transaction; bodies must exist: FK-checked). */
  create(app: AppRow, m: CheckedManifest, now: number): number {
    const number = ((this.#last.get(app.id) as number | null) ?? 0) + 1
    this.#insert.run(app.id, number, m.digest, m.files.length, m.bytes, now)
    for (const f of m.files)
      this.#insertFile.run(app.id, number, f.path, f.hash, f.size, contentTypeOf(f.path))
    return number
  }

  /** A fork's first release: the same manifest rows, no bodies copied. */
  copy(from: ReleaseRow, toAppId: string, now: number): number {
    this.#insert.run(toAppId, 1, from.digest, from.files, from.bytes, now)
    this.#copyFiles.run(toAppId, 1, from.app_id, from.number)
    return 1
  }

  point(appId: string, number: number, now: number): void {
    this.#point.run(number, now, appId)
  }
}

export function releaseName(n: number): string {
  return `r${n}`
}

export function parseReleaseName(s: string): number | undefined {
  const m = /^r?([1-9][0-9]{0,8})$/.exec(s)
  return m ? Number(m[1]) : undefined
}
