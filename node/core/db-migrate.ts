import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import { packageRoot } from './package-root.js'

type DB = Database.Database

export interface Migration {
  version: number
  name: string
  /** Read only when the migration is applied: most opens find nothing pending. */
  sql(): string
}

/** migrations/ at the package root (found from the package root). */
export const defaultMigrationsDir = join(packageRoot, 'migrations')

export function loadMigrations(dir: string = defaultMigrationsDir): Migration[] {
  const out: Migration[] = []
  for (const file of readdirSync(dir).sort()) {
    const m = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file)
    if (!m) continue
    out.push({
      version: Number(m[1]),
      name: m[2] as string,
      sql: () => readFileSync(`${dir}/${file}`, 'utf8'),
    })
  }
  out.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migrations must be numbered 0001.. without gaps (at ${m.version})`)
  })
  return out
}

/** The schema version this build knows. */
export function knownVersion(dir?: string): number {
  return loadMigrations(dir).length
}

/**
 * Applies pending migrations in order, each in its own IMMEDIATE transaction together with its record,
 * so a crash leaves the file at a whole version. Refuses a file written by a newer fazt.
 */
export function migrate(db: DB, dir?: string): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`)
  const migrations = loadMigrations(dir)
  const current = currentVersion(db)
  if (current > migrations.length) {
    throw new AppError(
      'DB_TOO_NEW',
      `this data file has schema version ${current}, but this fazt knows only up to ${migrations.length}`,
      { hint: 'upgrade fazt to open it; it was not changed' },
    )
  }
  for (const m of migrations.slice(current)) {
    const apply = db.transaction(() => {
      // Re-check inside the write lock: another process may have migrated meanwhile.
      if (currentVersion(db) >= m.version) return
      db.exec(m.sql())
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      )
    })
    apply.immediate()
  }
  return { from: current, to: migrations.length }
}

const versionQueries = new WeakMap<DB, () => number>()

/** The schema version of the file (statement prepared once per connection: `server info` asks often). */
export function currentVersion(db: DB): number {
  let query = versionQueries.get(db)
  if (!query) {
    const stmt = db.prepare('SELECT max(version) AS v FROM schema_migrations').pluck()
    query = () => (stmt.get() as number | null) ?? 0
    versionQueries.set(db, query)
  }
  return query()
}
