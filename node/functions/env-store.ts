import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'

export interface EnvVar {
  key: string
  value: string
  updated_at: number
}

/** What verbs show of a variable: never its value. */
export interface EnvName {
  key: string
  bytes: number
  updated_at: number
}

export const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/
export const MAX_ENV_VALUE = 32 * 1024
export const MAX_ENV_KEYS = 256

/** Environment variables of apps (table secret_app_env: values are secrets, never printed), read by `fazt.env.*` and the `app env` verbs. */
export class EnvStore {
  #all
  #names
  #count
  #set
  #unset

  constructor(db: DB) {
    this.#all = db.prepare('SELECT key, value, updated_at FROM secret_app_env WHERE app_id = ? ORDER BY key')
    this.#names = db.prepare(
      'SELECT key, length(CAST(value AS BLOB)) AS bytes, updated_at FROM secret_app_env WHERE app_id = ? ORDER BY key',
    )
    this.#count = db.prepare('SELECT count(*) FROM secret_app_env WHERE app_id = ? AND key != ?').pluck()
    this.#set = db.prepare(
      `INSERT INTO secret_app_env (app_id, key, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    this.#unset = db.prepare('DELETE FROM secret_app_env WHERE app_id = ? AND key = ?')
  }

  list(appId: string): EnvVar[] {
    return this.#all.all(appId) as EnvVar[]
  }

  names(appId: string): EnvName[] {
    return this.#names.all(appId) as EnvName[]
  }

  /** key -> value, as functions see it. */
  values(appId: string): Record<string, string> {
    const out: Record<string, string> = Object.create(null)
    for (const v of this.list(appId)) out[v.key] = v.value
    return out
  }

  set(appId: string, key: string, value: string, now: number): void {
    if (!ENV_KEY.test(key)) {
      throw new AppError('INVALID_ARGUMENT', `"${key.slice(0, 80)}" is not a valid variable name`, {
        hint: 'use letters, digits and _, not starting with a digit (at most 128 characters)',
      })
    }
    if (Buffer.byteLength(value) > MAX_ENV_VALUE) {
      throw new AppError('LIMIT_EXCEEDED', `the value of ${key} is larger than ${MAX_ENV_VALUE} bytes`)
    }
    if ((this.#count.get(appId, key) as number) >= MAX_ENV_KEYS) {
      throw new AppError('LIMIT_EXCEEDED', `an app holds at most ${MAX_ENV_KEYS} variables`, {
        hint: 'unset some with fazt app env unset',
      })
    }
    this.#set.run(appId, key, value, now, now)
  }

  unset(appId: string, key: string): boolean {
    return this.#unset.run(appId, key).changes > 0
  }
}
