import type { Frame } from '../../sdk/contract/verb.js'
import type * as V from '../../sdk/contract/verbs/app.js'
import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'
import { readFunctionLimits } from '../functions/limits.js'
import { type LogRow, LogStore } from '../functions/log-store.js'
import { link, redirect, reserve, split, swap, unlink } from '../hosting/alias-ops.js'
import { requireApp } from '../hosting/app-store.js'
import { fork, lineage, removeApp, rollback } from '../hosting/lifecycle.js'
import { appInfo as info, listApps, listReleases } from '../hosting/queries.js'
import type { Handler } from './types.js'

export const appList: Handler<typeof V.appList> = ({ node }) => listApps(node)
export const appInfo: Handler<typeof V.appInfo> = ({ node }, p) => info(node, p.app)
export const appReleases: Handler<typeof V.appReleases> = ({ node }, p) => listReleases(node, p.app)
export const appRollback: Handler<typeof V.appRollback> = ({ node }, p) => rollback(node, p.app, p.to)
export const appFork: Handler<typeof V.appFork> = ({ node }, p) =>
  fork(node, p.app, p.as, p.storage !== false)
export const appLineage: Handler<typeof V.appLineage> = ({ node }, p) => lineage(node, p.app)
export const appRemove: Handler<typeof V.appRemove> = ({ node }, p) =>
  removeApp(node, p.app, p.with_forks === true)

export const appLink: Handler<typeof V.appLink> = ({ node }, p) => link(node, p.sub, p.app)
export const appUnlink: Handler<typeof V.appUnlink> = ({ node }, p) => unlink(node, p.sub)
export const appReserve: Handler<typeof V.appReserve> = ({ node }, p) => reserve(node, p.sub)
export const appRedirect: Handler<typeof V.appRedirect> = ({ node }, p) => redirect(node, p.sub, p.url)
export const appSwap: Handler<typeof V.appSwap> = ({ node }, p) => swap(node, p.sub1, p.sub2)
export const appSplit: Handler<typeof V.appSplit> = ({ node }, p) => split(node, p.sub, p.targets)

// Function logs.

function createLogs(node: NodeContext): LogStore {
  return new LogStore(node.db, readFunctionLimits(node.settings).logKeep)
}

const iso = (ms: number) => new Date(ms).toISOString()

const entry = (r: LogRow): V.LogEntry => ({
  id: r.id,
  at: iso(r.at),
  level: r.level,
  request: r.request,
  message: r.message,
})

/** Polling interval of --follow: the log is a table other threads and processes write. */
const FOLLOW_MS = 250

/**
 * Without --follow: the last lines as the result. With it: the last lines, then every new one, as data
 * frames until the caller stops reading (locally Ctrl-C; remotely the peer hangs up, PEERS.md §3.4,
 * and the transport returns this generator, which ends the polling).
 */
export const appLogs: Handler<typeof V.appLogs> = ({ node, signal }, p) => {
  const row = requireApp(node.db, p.app)
  const logs = service(node, createLogs)
  const level = p.level ?? 'debug'
  const first = logs.tail(row.id, p.lines ?? 50, level).map(entry)
  if (!p.follow)
    return (async function* () {
      yield { type: 'result', data: first } as Frame
    })()
  return (async function* (): AsyncGenerator<Frame> {
    for (const e of first) yield { type: 'data', data: e }
    let last = first.at(-1)?.id ?? logs.tail(row.id, 1).at(-1)?.id ?? 0
    while (!signal.aborted) {
      await new Promise((r) => setTimeout(r, FOLLOW_MS))
      for (const r of logs.after(row.id, last, level)) {
        last = r.id
        yield { type: 'data', data: entry(r) }
      }
    }
  })()
}
