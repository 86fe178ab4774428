import { randomInt } from 'node:crypto'
import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'

export interface AppRow {
  id: string
  name: string
  original_id: string
  forked_from_id: string | null
  spa: 0 | 1
  created_at: number
  updated_at: number
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const APP_ID = /^app_[0-9A-Za-z]{12}$/
const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** `app_` + 12 base62 chars (docs/hosting.md#apps). */
export function newAppId(random: (max: number) => number = randomInt): string {
  let s = 'app_'
  for (let i = 0; i < 12; i++) s += BASE62[random(62)]
  return s
}

export function isAppId(s: string): boolean {
  return APP_ID.test(s)
}

/** A valid DNS label: [a-z0-9-], 1–63 chars, not starting or ending with '-'. */
export function checkAppName(name: string): string {
  if (!NAME.test(name)) {
    throw new AppError('INVALID_ARGUMENT', `"${name.slice(0, 80)}" is not a valid app name`, {
      hint: 'use 1–63 lower-case letters, digits and dashes, not starting or ending with a dash',
    })
  }
  if (name.includes('--')) {
    throw new AppError('RESERVED', `"${name}" contains "--", which is reserved for preview URLs`)
  }
  return name
}

/** Looks an app up by name or by `app_…` id. */
export function findApp(db: DB, nameOrId: string): AppRow | undefined {
  const col = isAppId(nameOrId) ? 'id' : 'name'
  return db.prepare(`SELECT * FROM apps WHERE ${col} = ?`).get(nameOrId) as AppRow | undefined
}

export function requireApp(db: DB, nameOrId: string): AppRow {
  const app = findApp(db, nameOrId)
  if (!app) {
    throw new AppError('NOT_FOUND', `no app named "${nameOrId.slice(0, 80)}"`, {
      hint: 'see `fazt app list`',
    })
  }
  return app
}

/** Creates an app row (callers hold the transaction that makes its first release or alias). */
export function insertApp(
  db: DB,
  app: { name: string; spa?: boolean; forkedFrom?: AppRow },
  now: number,
  random?: (max: number) => number,
): AppRow {
  checkAppName(app.name)
  if (findApp(db, app.name)) throw new AppError('CONFLICT', `an app named "${app.name}" already exists`)
  const id = newAppId(random)
  const row: AppRow = {
    id,
    name: app.name,
    original_id: app.forkedFrom?.original_id ?? id,
    forked_from_id: app.forkedFrom?.id ?? null,
    spa: app.spa ? 1 : 0,
    created_at: now,
    updated_at: now,
  }
  db.prepare(
    'INSERT INTO apps (id, name, original_id, forked_from_id, spa, created_at, updated_at) VALUES (@id, @name, @original_id, @forked_from_id, @spa, @created_at, @updated_at)',
  ).run(row)
  return row
}
