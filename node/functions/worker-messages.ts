// Messages between the function pool (main thread, pool.ts) and its workers (worker.ts).
import type { FunctionLimits } from './limits.js'

export interface WorkerInit {
  dataPath: string
  limits: FunctionLimits
  /** Warm sandboxes kept per worker (least recently used dropped first). */
  sandboxes: number
  /** Answers of the main thread to realtime calls (rpc.ts). */
  rpc: SharedArrayBuffer
}

/** One invocation. The request JSON is built on the main thread and handed to the sandbox as is. */
export interface Job {
  type: 'job'
  id: number
  appId: string
  release: number
  /** The file that answers, and main.js to fall back on when a route file exports no handler. */
  file: string
  fallback: string | undefined
  /** {method, path, query, headers, params} as JSON. */
  req: string
  body: string | null
  json: boolean
  /** "GET /api/items", for the log. */
  line: string
  /** When it was sent (performance.timeOrigin + now, comparable across threads): stale ones are refused. */
  posted: number
}

export interface Reply {
  type: 'reply'
  id: number
  status: number
  /** Flat [name, value, …]. */
  headers: string[]
  body: string | Uint8Array
}

export interface RpcCall {
  type: 'rpc'
  seq: number
  op: string
  appId: string
  appName: string
  args: unknown[]
}

/** Replies of several jobs, in the order the jobs came (sent together after a group commit). */
export interface Replies {
  type: 'replies'
  list: Reply[]
}

export type FromWorker = { type: 'ready' } | { type: 'retire' } | Replies | RpcCall
