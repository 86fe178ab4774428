// Helpers for hosting tests: write a site folder, read the data file directly, set node settings.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
import { tempDir } from '../../helpers/paths.js'

export type Files = Record<string, string | Buffer>

/** Writes `files` (relative path -> content) under a fresh folder named `name`; returns its path. */
export function writeSite(files: Files, name = 'site'): string {
  const dir = join(tempDir('fazt-site-'), name)
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), body)
  }
  return dir
}

export function sha256(b: string | Buffer): string {
  return createHash('sha256').update(b).digest('hex')
}

/** A site with nested folders, an SPA entry point, hashed assets and a release marker in every file. */
export function markedSite(marker: string): Files {
  return {
    'index.html': `<!doctype html><title>${marker}</title><script src="/assets/app-Ab3dE9fG.js"></script>`,
    'about.html': `<p>about ${marker}</p>`,
    'docs/index.html': `<p>docs ${marker}</p>`,
    'docs/guide/intro.html': `<p>intro ${marker}</p>`,
    'assets/app-Ab3dE9fG.js': `console.log(${JSON.stringify(marker)});${'x'.repeat(2000)}`,
    'assets/style-Zz81Qk2m.css': `body{content:"${marker}"}${' '.repeat(500)}`,
    'data/info.json': JSON.stringify({ marker }),
    'img/logo.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(marker)]),
  }
}

/** Reads the data file with its own connection (as `fazt sql` would), for assertions. */
export function query<T = Record<string, unknown>>(dataPath: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dataPath, { readonly: true, fileMustExist: true })
  try {
    return db.prepare(sql).all(...args) as T[]
  } finally {
    db.close()
  }
}

export function count(dataPath: string, table: string): number {
  return (query<{ n: number }>(dataPath, `SELECT count(*) AS n FROM ${table}`)[0] as { n: number }).n
}

/** Sets node settings (hosting limits) directly in the data file. */
export function setSettings(dataPath: string, values: Record<string, string | number>): void {
  const db = new Database(dataPath, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    const stmt = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
    for (const [k, v] of Object.entries(values)) stmt.run(k, String(v))
  } finally {
    db.close()
  }
}

export function integrity(dataPath: string): string {
  const db = new Database(dataPath, { fileMustExist: true })
  try {
    return db.pragma('integrity_check', { simple: true }) as string
  } finally {
    db.close()
  }
}

/** Runs one write statement on the data file with its own connection. */
export function run(dataPath: string, sql: string, ...args: unknown[]): void {
  const db = new Database(dataPath, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.prepare(sql).run(...args)
  } finally {
    db.close()
  }
}
