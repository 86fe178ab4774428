import type { NodeContext } from '../core/context.js'
import type { AppRealtime, AppRef } from '../core/seams.js'
import { type FunctionLimits, readFunctionLimits } from './limits.js'
import { LogStore } from './log-store.js'
import { FunctionPool, type PoolOptions } from './pool.js'

export interface FunctionsOptions {
  /** `fazt.realtime.*` of an app (the live broker of this process), when realtime runs here. */
  realtime?: (app: AppRef) => AppRealtime | undefined
  limits?: Partial<FunctionLimits>
  pool?: Partial<Omit<PoolOptions, 'dataPath' | 'limits' | 'realtime' | 'log'>>
}

export interface Functions {
  pool: FunctionPool
  limits: FunctionLimits
  close(): Promise<void>
}

const count = (node: NodeContext, key: string): number | undefined => {
  const n = Number(node.settings.get(key))
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** The functions runtime of a serving node: its worker pool and limits (docs/functions.md); http serves `/api/*` with it. */
export function startFunctions(node: NodeContext, opts: FunctionsOptions = {}): Functions {
  const limits = readFunctionLimits(node.settings, opts.limits)
  const logs = new LogStore(node.db, limits.logKeep)
  const sizes: Partial<PoolOptions> = {}
  for (const [k, key] of [
    ['workers', 'functions.workers'],
    ['maxWorkers', 'functions.max_workers'],
    ['perApp', 'functions.per_app'],
  ] as const) {
    const n = count(node, key)
    if (n !== undefined) sizes[k] = n
  }
  const pool = new FunctionPool({
    dataPath: node.dataPath,
    limits,
    ...sizes,
    ...opts.pool,
    ...(opts.realtime ? { realtime: opts.realtime } : {}),
    log: (appId, line, message) => {
      try {
        logs.append(appId, line, [{ level: 'error', at: node.clock.now(), message }])
      } catch {
        // best effort
      }
    },
  })
  return { pool, limits, close: () => pool.close() }
}
