import { AppError } from '../../sdk/contract/errors.js'
import type { Frame } from '../../sdk/contract/verb.js'
import type {
  appEnvList,
  appEnvSet,
  appEnvUnset,
  appLogs,
  LogEntry,
} from '../../sdk/contract/verbs/functions.js'
import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'
import { EnvStore } from '../functions/env-store.js'
import { readFunctionLimits } from '../functions/limits.js'
import { type LogRow, LogStore } from '../functions/log-store.js'
import { requireApp } from '../hosting/app-store.js'
import type { Handler } from './types.js'

function createEnv(node: NodeContext): EnvStore {
  return new EnvStore(node.db)
}

function createLogs(node: NodeContext): LogStore {
  return new LogStore(node.db, readFunctionLimits(node.settings).logKeep)
}

const iso = (ms: number) => new Date(ms).toISOString()

export const appEnvSetHandler: Handler<typeof appEnvSet> = ({ node }, { app, key, value }) => {
  const row = requireApp(node.db, app)
  service(node, createEnv).set(row.id, key, value, node.clock.now())
  node.watch.bump()
  return { app: row.name, key, bytes: Buffer.byteLength(value) }
}

export const appEnvListHandler: Handler<typeof appEnvList> = ({ node }, { app }) =>
  service(node, createEnv)
    .names(requireApp(node.db, app).id)
    .map((v) => ({ key: v.key, bytes: v.bytes, updated_at: iso(v.updated_at) }))

export const appEnvUnsetHandler: Handler<typeof appEnvUnset> = ({ node }, { app, key }) => {
  const row = requireApp(node.db, app)
  const removed = service(node, createEnv).unset(row.id, key)
  if (!removed) {
    throw new AppError('NOT_FOUND', `app ${row.name} has no variable ${key}`, {
      hint: `see fazt app env list ${row.name}`,
    })
  }
  node.watch.bump()
  return { app: row.name, key, removed }
}

const entry = (r: LogRow): LogEntry => ({
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
export const appLogsHandler: Handler<typeof appLogs> = ({ node, signal }, p) => {
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
