import type { Clock } from './clock.js'
import type { DB } from './db-open.js'

/** Node-wide settings (domain, host binding, limits overrides). Keys are dotted names. */
export class Settings {
  #get
  #set
  #del

  constructor(
    db: DB,
    private clock: Clock,
  ) {
    this.#get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck()
    this.#set = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    )
    this.#del = db.prepare('DELETE FROM settings WHERE key = ?')
  }

  get(key: string): string | undefined {
    return (this.#get.get(key) as string | undefined) ?? undefined
  }

  set(key: string, value: string): void {
    this.#set.run(key, value, this.clock.now())
  }

  delete(key: string): void {
    this.#del.run(key)
  }
}
