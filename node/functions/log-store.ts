import type { DB } from '../core/db-open.js'
import type { LogLine } from './sandbox-outcome.js'

export interface LogRow {
  id: number
  at: number
  level: LogLine['level']
  request: string
  message: string
}

const LEVEL_RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const

/**
 * The log of apps' functions (table app_logs). Bounded per app: every `trimEvery` appends for an app,
 * rows older than the newest `keep` are deleted, so a table never holds more than keep + trimEvery rows
 * per app per writer.
 */
export class LogStore {
  #insert
  #trim
  #tail
  #after
  #sinceTrim = new Map<string, number>()
  #appendTx

  constructor(
    db: DB,
    private keep = 1000,
    private trimEvery = 64,
  ) {
    this.#insert = db.prepare(
      'INSERT INTO app_logs (app_id, at, level, request, message) VALUES (?, ?, ?, ?, ?)',
    )
    this.#trim = db.prepare(
      `DELETE FROM app_logs WHERE app_id = ? AND id <= (
         SELECT id FROM app_logs WHERE app_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    )
    this.#tail = db.prepare(
      `SELECT id, at, level, request, message FROM (
         SELECT * FROM app_logs WHERE app_id = ? AND level IN (SELECT value FROM json_each(?))
         ORDER BY id DESC LIMIT ?) ORDER BY id`,
    )
    this.#after = db.prepare(
      `SELECT id, at, level, request, message FROM app_logs
       WHERE app_id = ? AND id > ? AND level IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT ?`,
    )
    this.#appendTx = db.transaction((appId: string, request: string, lines: LogLine[]) => {
      for (const l of lines) this.#insert.run(appId, l.at, l.level, request, l.message)
      const n = (this.#sinceTrim.get(appId) ?? 0) + lines.length
      if (n >= this.trimEvery) {
        this.#trim.run(appId, appId, this.keep)
        this.#sinceTrim.delete(appId)
      } else this.#sinceTrim.set(appId, n)
    })
  }

  /** Appends lines of one invocation in one transaction (never inside the app's own unit of work). */
  append(appId: string, request: string, lines: LogLine[]): void {
    if (lines.length > 0) this.#appendTx.immediate(appId, request, lines)
  }

  /** The newest `n` lines at `level` or above, oldest first. */
  tail(appId: string, n: number, level: LogLine['level'] = 'debug'): LogRow[] {
    return this.#tail.all(appId, levelsFrom(level), n) as LogRow[]
  }

  /** Lines after id `after`, oldest first (for following). */
  after(appId: string, after: number, level: LogLine['level'] = 'debug', limit = 500): LogRow[] {
    return this.#after.all(appId, after, levelsFrom(level), limit) as LogRow[]
  }
}

function levelsFrom(level: LogLine['level']): string {
  return JSON.stringify(
    Object.keys(LEVEL_RANK).filter((l) => LEVEL_RANK[l as LogLine['level']] >= LEVEL_RANK[level]),
  )
}
