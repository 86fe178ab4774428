import { ChangeWatch } from './change-watch.js'
import { type Clock, systemClock } from './clock.js'
import { type DB, type OpenOptions, openDatabase } from './db-open.js'
import type { RuntimeInfo } from './running-file.js'
import { Settings } from './settings.js'

/** Everything a verb handler may reach on this node. Built once per process. */
export interface NodeContext {
  db: DB
  dataPath: string
  clock: Clock
  settings: Settings
  watch: ChangeWatch
  /** Set in the process that is serving (server start), so verbs report live facts. */
  running?: RuntimeInfo
  close(): void
}

export function openNodeContext(dataPath: string, opts: OpenOptions & { clock?: Clock } = {}): NodeContext {
  const db = openDatabase(dataPath, opts)
  const clock = opts.clock ?? systemClock
  return {
    db,
    dataPath,
    clock,
    settings: new Settings(db, clock),
    watch: new ChangeWatch(db),
    close: () => db.close(),
  }
}
