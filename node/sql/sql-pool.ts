import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { AppError, type ErrorBody } from '../../sdk/contract/errors.js'
import { SQL_TIMEOUT_MAX_MS, type SqlResult } from '../../sdk/contract/verbs/sql.js'
import type { NodeContext } from '../core/context.js'
import { distUrl } from '../core/package-root.js'
import { service } from '../core/services.js'
import type { SqlRequest } from './sql-exec.js'

export interface SqlPoolOptions {
  /** Most statements running at once, each in a worker process of its own. */
  max?: number
  /** Most statements waiting for a free worker; more are refused as UNAVAILABLE. */
  queue?: number
  /** The worker's entry file (the compiled sql-worker.js beside this file). */
  entry?: URL
}

interface Job {
  id: number
  req: SqlRequest
  timeoutMs: number
  resolve(r: SqlResult): void
  reject(e: AppError): void
  timer?: NodeJS.Timeout
  stopWatching?: () => void
}

interface Worker {
  proc: ChildProcess
  ready: Promise<void>
  markReady(): void
  failReady(e: AppError): void
  job?: Job | undefined
  stderr: string
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; data: SqlResult }
  | { id: number; ok: false; error: ErrorBody }

/**
 * Runs sql statements in worker processes (sql-worker.ts) so that the caller's event loop never blocks
 * on a query and a statement past its time limit is stopped with SIGKILL. One idle worker is kept warm
 * (a start costs a node process start, ~0.1–0.4 s; a warm statement ~1 ms); a killed one is replaced on
 * demand. Idle workers never keep the calling process alive.
 */
export class SqlPool {
  readonly #dataPath: string
  readonly #max: number
  readonly #queueMax: number
  readonly #entry: URL
  readonly #workers = new Set<Worker>()
  readonly #idle: Worker[] = []
  readonly #queue: Job[] = []
  #nextId = 1

  constructor(dataPath: string, opts: SqlPoolOptions = {}) {
    this.#dataPath = dataPath
    this.#max = opts.max ?? 2
    this.#queueMax = opts.queue ?? 32
    this.#entry = opts.entry ?? distUrl('node/sql/sql-worker.js')
  }

  run(req: SqlRequest, timeoutMs: number, signal?: AbortSignal): Promise<SqlResult> {
    return new Promise<SqlResult>((resolve, reject) => {
      const job: Job = { id: this.#nextId++, req, timeoutMs, resolve, reject }
      if (signal) {
        if (signal.aborted) return reject(cancelled())
        const onAbort = () => this.#cancel(job)
        signal.addEventListener('abort', onAbort, { once: true })
        job.stopWatching = () => signal.removeEventListener('abort', onAbort)
      }
      const worker = this.#idle.pop() ?? (this.#workers.size < this.#max ? this.#spawn() : undefined)
      if (worker) this.#start(worker, job)
      else if (this.#queue.length < this.#queueMax) this.#queue.push(job)
      else {
        job.stopWatching?.()
        reject(
          new AppError('UNAVAILABLE', 'too many sql statements are waiting', {
            hint: 'try again in a moment',
          }),
        )
      }
    })
  }

  /** Process ids of the live workers (for stats and tests). */
  pids(): number[] {
    return [...this.#workers].map((w) => w.proc.pid ?? -1)
  }

  /** Stops every worker and refuses what was waiting. */
  close(): void {
    for (const job of this.#queue.splice(0)) this.#settle(job, cancelled())
    for (const w of [...this.#workers]) this.#kill(w, cancelled())
  }

  #spawn(): Worker {
    const proc = fork(fileURLToPath(this.#entry), [this.#dataPath], {
      execArgv: [],
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    let markReady = () => {}
    let failReady: (e: AppError) => void = () => {}
    const ready = new Promise<void>((res, rej) => {
      markReady = res
      failReady = rej
    })
    ready.catch(() => {})
    const w: Worker = { proc, ready, markReady, failReady, stderr: '' }
    // Kept for --debug when a worker dies: the tail only, and never sent to a caller.
    proc.stderr?.setEncoding('utf8').on('data', (d: string) => {
      w.stderr = (w.stderr + d).slice(-4096)
    })
    this.#workers.add(w)
    proc.on('message', (m: Reply) => this.#onReply(w, m))
    proc.on('error', () => this.#onExit(w))
    proc.on('exit', () => this.#onExit(w))
    return w
  }

  #start(w: Worker, job: Job): void {
    w.job = job
    refs(w, true)
    w.ready.then(
      () => {
        if (w.job !== job) return
        job.timer = setTimeout(() => this.#kill(w, timedOut(job.timeoutMs)), job.timeoutMs)
        w.proc.send({ id: job.id, req: job.req, timeoutMs: job.timeoutMs })
      },
      (e: AppError) => {
        if (w.job !== job) return
        w.job = undefined
        this.#settle(job, e)
      },
    )
  }

  #onReply(w: Worker, m: Reply): void {
    if ('ready' in m) {
      w.markReady()
      return
    }
    const job = w.job
    if (!job || m.id !== job.id) return
    w.job = undefined
    this.#settle(job, m.ok ? m.data : AppError.from(m.error))
    const next = this.#queue.shift()
    if (next) this.#start(w, next)
    // One warm worker is enough; a second idle one only holds memory.
    else if (this.#idle.length > 0) this.#kill(w)
    else {
      this.#idle.push(w)
      refs(w, false)
    }
  }

  #cancel(job: Job): void {
    const w = [...this.#workers].find((x) => x.job === job)
    if (w) {
      this.#kill(w, cancelled())
      return
    }
    const i = this.#queue.indexOf(job)
    if (i >= 0) this.#queue.splice(i, 1)
    this.#settle(job, cancelled())
  }

  #kill(w: Worker, err?: AppError): void {
    const job = w.job
    w.job = undefined
    this.#forget(w)
    w.failReady(cancelled())
    w.proc.kill('SIGKILL')
    if (job && err) this.#settle(job, err)
    this.#drain()
  }

  #onExit(w: Worker): void {
    if (!this.#workers.has(w)) return
    this.#forget(w)
    const err = new AppError('INTERNAL', 'the sql worker stopped unexpectedly', {
      hint: 'run the statement again',
      cause: new Error(`sql worker exited (${w.proc.exitCode ?? w.proc.signalCode}): ${w.stderr}`),
    })
    w.failReady(err)
    if (w.job) this.#settle(w.job, err)
    w.job = undefined
    this.#drain()
  }

  #forget(w: Worker): void {
    this.#workers.delete(w)
    const i = this.#idle.indexOf(w)
    if (i >= 0) this.#idle.splice(i, 1)
  }

  /** Starts waiting statements on new workers after one was killed or died. */
  #drain(): void {
    while (this.#queue.length > 0 && this.#workers.size < this.#max) {
      this.#start(this.#spawn(), this.#queue.shift() as Job)
    }
  }

  #settle(job: Job, out: SqlResult | AppError): void {
    clearTimeout(job.timer)
    job.stopWatching?.()
    if (out instanceof AppError) job.reject(out)
    else job.resolve(out)
  }
}

/** A busy worker keeps the calling process alive; an idle one does not (a CLI exits when done). */
function refs(w: Worker, on: boolean): void {
  // stderr is a pipe, a net.Socket at run time.
  const pipe = w.proc.stderr as unknown as { ref(): void; unref(): void } | null
  for (const h of [w.proc, w.proc.channel, pipe]) {
    if (on) h?.ref()
    else h?.unref()
  }
}

/** The pool of one node context, created on first use. */
export function sqlPool(node: NodeContext): SqlPool {
  return service(node, createSqlPool)
}

// Named, not inline: service() keeps one instance per creator function.
function createSqlPool(node: NodeContext): SqlPool {
  return new SqlPool(node.dataPath)
}

function timedOut(ms: number): AppError {
  return new AppError('TIMEOUT', `the statement ran longer than ${ms} ms and was stopped`, {
    hint: `narrow the query, or allow more time with --timeout-ms (up to ${SQL_TIMEOUT_MAX_MS})`,
  })
}

function cancelled(): AppError {
  return new AppError('UNAVAILABLE', 'the sql statement was cancelled')
}
