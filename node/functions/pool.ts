import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { distUrl } from '../core/package-root.js'
import type { AppRealtime, AppRef } from '../core/seams.js'
import type { FunctionLimits } from './limits.js'
import { errorReply, type HttpReply, limitMessage } from './reply.js'
import { answerRealtime, rpcBuffer } from './rpc.js'
import type { FromWorker, Job } from './worker-messages.js'

export interface PoolOptions {
  dataPath: string
  limits: FunctionLimits
  /** Workers kept running (default: the machine's cores, at least 2). */
  workers?: number
  /** Most workers at once (default workers + 2): extra ones start while others are busy. */
  maxWorkers?: number
  /** Most workers one app may occupy at once (default: workers - 1, at least 1): others always get one. */
  perApp?: number
  /** Invocations of one app sent ahead to the worker running it, so it never waits for the main thread. */
  pipeline?: number
  /** Most invocations waiting for a worker (default 1024). */
  queue?: number
  /** Warm sandboxes per worker (default 32). */
  sandboxes?: number
  /** A worker stuck this long past the time limit is terminated and replaced (default 1000 ms). */
  graceMs?: number
  /** `fazt.realtime.*` of an app, when realtime runs in this process. */
  realtime?: (app: AppRef) => AppRealtime | undefined
  /** A line for the app's log, written by the pool itself (a worker it had to terminate). */
  log?: (appId: string, line: string, message: string) => void
  entry?: URL
}

export type Invocation = Omit<Job, 'type' | 'id' | 'posted'>

interface Pending {
  job: Job
  resolve(r: HttpReply): void
  since: number
}

interface Slot {
  worker: Worker
  rpc: SharedArrayBuffer
  /** The app whose invocations are in flight here (one app at a time), in the order sent. */
  app: string | undefined
  inflight: Pending[]
  /** When the first in-flight invocation started running (the previous one answered). */
  headSince: number
  /** Apps with a warm sandbox in this worker, least recently used first (mirrors the worker's own LRU). */
  warm: Map<string, true>
  idleSince: number
  /** Asked to be replaced (its thread stayed at a lowered priority): gets no new work. */
  retiring: boolean
}

/** An invocation running longer than this stops further ones from being sent ahead behind it. */
const SLOW_MS = 50

/**
 * Worker threads that run app functions off the main event loop (docs/architecture.md#why-functions-run-in-worker-threads), so a function that
 * spins for its whole time limit delays neither static files, realtime, nor other apps. A worker runs
 * one app at a time: invocations of that app are sent ahead (pipelined) while they are quick, other apps
 * go to idle workers, one app never holds more than `perApp` workers, and a worker that does not answer
 * `graceMs` after the time limit is terminated and replaced. Timers are one sweep, not one per request.
 */
export class FunctionPool {
  readonly #o: Required<Omit<PoolOptions, 'realtime' | 'log'>> & Pick<PoolOptions, 'realtime' | 'log'>
  readonly #slots = new Set<Slot>()
  readonly #queue: Pending[] = []
  readonly #sweep: NodeJS.Timeout
  #nextId = 1
  #closed = false

  constructor(o: PoolOptions) {
    const workers = Math.max(1, o.workers ?? Math.max(2, availableParallelism()))
    this.#o = {
      ...o,
      workers,
      maxWorkers: Math.max(workers, o.maxWorkers ?? workers + 2),
      perApp: Math.max(1, o.perApp ?? workers - 1),
      pipeline: Math.max(1, o.pipeline ?? 64),
      queue: o.queue ?? 1024,
      sandboxes: o.sandboxes ?? 32,
      graceMs: o.graceMs ?? 1000,
      entry: o.entry ?? distUrl('node/functions/worker.js'),
    }
    // Workers start on the first invocation (a node without functions never pays for them) and the
    // first `workers` of them stay; extra ones go after a minute idle.
    this.#sweep = setInterval(() => this.#check(), 100).unref()
  }

  invoke(inv: Invocation): Promise<HttpReply> {
    return new Promise((resolve) => {
      if (this.#closed) return resolve(errorReply(503, 'UNAVAILABLE', 'the node is stopping'))
      if (this.#queue.length >= this.#o.queue) {
        return resolve(
          errorReply(503, 'UNAVAILABLE', 'too many function calls are waiting; try again shortly'),
        )
      }
      const job: Job = { type: 'job', id: this.#nextId++, posted: 0, ...inv }
      this.#queue.push({ job, resolve, since: performance.now() })
      this.#dispatch()
    })
  }

  /** Threads now running (for tests and stats); none until the first invocation. */
  get size(): number {
    return this.#slots.size
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#sweep)
    for (const p of this.#queue.splice(0)) p.resolve(errorReply(503, 'UNAVAILABLE', 'the node is stopping'))
    await Promise.all([...this.#slots].map((s) => this.#retire(s, 'the node is stopping')))
  }

  #dispatch(): void {
    const now = performance.now()
    for (let i = 0; i < this.#queue.length; ) {
      const p = this.#queue[i] as Pending
      const slot = this.#slotFor(p.job.appId, now)
      if (!slot) {
        i++
        continue
      }
      this.#queue.splice(i, 1)
      this.#send(slot, p, now)
    }
  }

  #slotFor(app: string, now: number): Slot | undefined {
    let held = 0
    let idle: Slot | undefined
    for (const s of this.#slots) {
      if (s.retiring) continue
      if (s.app === app) {
        held++
        if (s.inflight.length < this.#o.pipeline && now - s.headSince < SLOW_MS) return s
      } else if (s.app === undefined) {
        if (s.warm.has(app) && !idle?.warm.has(app)) idle = s
        else if (!idle || (!idle.warm.has(app) && s.idleSince < idle.idleSince)) idle = s
      }
    }
    if (held >= this.#o.perApp) return undefined
    if (idle || this.#slots.size >= this.#o.maxWorkers) return idle
    return this.#spawn()
  }

  #send(slot: Slot, p: Pending, now: number): void {
    const app = p.job.appId
    if (slot.inflight.length === 0) slot.headSince = now
    slot.app = app
    slot.inflight.push(p)
    slot.warm.delete(app)
    slot.warm.set(app, true)
    if (slot.warm.size > this.#o.sandboxes) slot.warm.delete(slot.warm.keys().next().value as string)
    p.job.posted = performance.timeOrigin + now
    slot.worker.postMessage(p.job)
  }

  #reply(slot: Slot, reply: HttpReply): void {
    const p = slot.inflight.shift()
    if (!p) return
    reply = { status: reply.status, headers: reply.headers, body: reply.body }
    const now = performance.now()
    slot.headSince = now
    if (slot.inflight.length === 0) {
      slot.app = undefined
      slot.idleSince = now
      if (slot.retiring) this.#replace(slot)
    }
    p.resolve(reply)
    this.#dispatch()
  }

  /** The sweep: invocations waiting too long for a worker, and workers stuck past the time limit. */
  #check(): void {
    const now = performance.now()
    const { timeoutMs } = this.#o.limits
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const p = this.#queue[i] as Pending
      if (now - p.since > timeoutMs) {
        this.#queue.splice(i, 1)
        p.resolve(
          errorReply(503, 'UNAVAILABLE', `every worker this app may use stayed busy for ${timeoutMs} ms`),
        )
      }
    }
    for (const s of this.#slots) {
      if (s.inflight.length > 0 && now - s.headSince > timeoutMs + this.#o.graceMs) this.#stuck(s)
      else if (s.inflight.length === 0 && this.#slots.size > this.#o.workers && now - s.idleSince > 60_000) {
        void this.#retire(s, '')
      }
    }
  }

  /** The interrupt handler did not stop the function: end the whole thread. */
  #stuck(slot: Slot): void {
    const head = slot.inflight.shift()
    if (!head) return
    const message = limitMessage('timeout', this.#o.limits)
    this.#o.log?.(head.job.appId, head.job.line, `${message}; its worker was replaced`)
    head.resolve(errorReply(504, 'TIMEOUT', message))
    // Those sent ahead never started: they go back to the front of the queue.
    this.#queue.unshift(...slot.inflight.splice(0))
    void this.#retire(slot, '')
    this.#dispatch()
  }

  #spawn(): Slot {
    const rpc = rpcBuffer()
    const workerData = {
      dataPath: this.#o.dataPath,
      limits: this.#o.limits,
      sandboxes: this.#o.sandboxes,
      rpc,
    }
    // A bigger native stack than QuickJS's own limit needs, so QuickJS reports runaway recursion first.
    const stackSizeMb = Math.max(8, Math.ceil((this.#o.limits.stackBytes * 16) / 1048576))
    const worker = new Worker(this.#o.entry, { workerData, resourceLimits: { stackSizeMb } })
    const now = performance.now()
    const slot: Slot = {
      worker,
      rpc,
      app: undefined,
      inflight: [],
      headSince: now,
      warm: new Map(),
      idleSince: now,
      retiring: false,
    }
    this.#slots.add(slot)
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'replies') for (const r of m.list) this.#reply(slot, r)
      else if (m.type === 'retire') {
        slot.retiring = true
        if (slot.inflight.length === 0) this.#replace(slot)
      } else if (m.type === 'rpc') answerRealtime(rpc, m, this.#o.realtime)
    })
    worker.on('error', () => {})
    worker.on('exit', () => this.#gone(slot))
    return slot
  }

  #gone(slot: Slot): void {
    if (!this.#slots.delete(slot)) return
    const [head, ...rest] = slot.inflight.splice(0)
    head?.resolve(errorReply(500, 'FUNCTION_ERROR', 'the function stopped its worker unexpectedly'))
    this.#queue.unshift(...rest)
    if (!this.#closed) this.#dispatch()
  }

  #replace(slot: Slot): void {
    void this.#retire(slot, '')
    if (!this.#closed) this.#dispatch()
  }

  async #retire(slot: Slot, why: string): Promise<void> {
    this.#slots.delete(slot)
    for (const p of slot.inflight.splice(0)) p.resolve(errorReply(503, 'UNAVAILABLE', why))
    await slot.worker.terminate()
  }
}
