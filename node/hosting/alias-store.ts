import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'

export type AliasType = 'app' | 'redirect' | 'reserved' | 'split'

export interface AliasRow {
  sub: string
  type: AliasType
  app_id: string | null
  /** JSON: redirect {"url"}, split {"targets":[{"app_id","weight"}]}, others {} */
  target: string
  created_at: number
  updated_at: number
}

export interface SplitTarget {
  app_id: string
  weight: number
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/** A subdomain an alias may name: a DNS label, no `--` (preview URLs), never `admin` (the dashboard). */
export function checkSub(sub: string): string {
  if (!LABEL.test(sub)) {
    throw new AppError('INVALID_ARGUMENT', `"${sub.slice(0, 80)}" is not a valid subdomain`, {
      hint: 'use 1–63 lower-case letters, digits and dashes, not starting or ending with a dash',
    })
  }
  if (sub.includes('--'))
    throw new AppError('RESERVED', `"${sub}" contains "--", which is reserved for preview URLs`)
  if (sub === 'admin')
    throw new AppError('RESERVED', '"admin" is the node\'s dashboard and cannot be an alias')
  return sub
}

/** Aliases (docs/hosting.md#aliases): subdomain -> app, redirect, reserved or weighted split. */
export class AliasStore {
  #get
  #all
  #upsert
  #delete
  #ofApp
  #splitsOf

  constructor(db: DB) {
    this.#get = db.prepare('SELECT * FROM aliases WHERE sub = ?')
    this.#all = db.prepare('SELECT * FROM aliases ORDER BY sub')
    this.#upsert = db.prepare(
      `INSERT INTO aliases (sub, type, app_id, target, created_at, updated_at) VALUES (@sub, @type, @app_id, @target, @now, @now)
       ON CONFLICT (sub) DO UPDATE SET type = excluded.type, app_id = excluded.app_id, target = excluded.target, updated_at = excluded.updated_at`,
    )
    this.#delete = db.prepare('DELETE FROM aliases WHERE sub = ?')
    this.#ofApp = db.prepare('SELECT sub FROM aliases WHERE app_id = ? ORDER BY sub').pluck()
    this.#splitsOf = db
      .prepare(
        "SELECT sub FROM aliases WHERE type = 'split' AND EXISTS (SELECT 1 FROM json_each(target, '$.targets') t WHERE json_extract(t.value, '$.app_id') = ?) ORDER BY sub",
      )
      .pluck()
  }

  get(sub: string): AliasRow | undefined {
    return this.#get.get(sub) as AliasRow | undefined
  }

  list(): AliasRow[] {
    return this.#all.all() as AliasRow[]
  }

  /** Subdomains that lead to this app: its own aliases and splits that include it. */
  pointingAt(appId: string): string[] {
    return [...(this.#ofApp.all(appId) as string[]), ...(this.#splitsOf.all(appId) as string[])]
  }

  set(sub: string, type: AliasType, appId: string | null, target: object, now: number): void {
    this.#upsert.run({ sub, type, app_id: appId, target: JSON.stringify(target), now })
  }

  /** Puts a row back exactly as it was (swap). */
  restore(row: AliasRow, sub: string, now: number): void {
    this.#upsert.run({ sub, type: row.type, app_id: row.app_id, target: row.target, now })
  }

  remove(sub: string): boolean {
    return this.#delete.run(sub).changes > 0
  }

  /** Removes every alias that leads to this app (its own and any split including it). */
  removeForApp(appId: string): string[] {
    const subs = this.pointingAt(appId)
    for (const s of subs) this.#delete.run(s)
    return subs
  }
}

export function splitTargets(row: AliasRow): SplitTarget[] {
  return (JSON.parse(row.target) as { targets?: SplitTarget[] }).targets ?? []
}

export function redirectUrl(row: AliasRow): string {
  return (JSON.parse(row.target) as { url?: string }).url ?? ''
}
