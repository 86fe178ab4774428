import type { DB } from '../core/db-open.js'
import { type AppRow, findApp, requireApp } from './app-store.js'

/** An app row with the hosting column added by migrations/0003_hosting.sql. */
export type HostedApp = AppRow & { current_release: number | null }

export function findHostedApp(db: DB, nameOrId: string): HostedApp | undefined {
  return findApp(db, nameOrId) as HostedApp | undefined
}

export function requireHostedApp(db: DB, nameOrId: string): HostedApp {
  return requireApp(db, nameOrId) as HostedApp
}

export function allApps(db: DB): HostedApp[] {
  return db.prepare('SELECT * FROM apps ORDER BY name').all() as HostedApp[]
}
