import { AppError, isAppError } from '../../sdk/contract/errors.js'
import type { Clock } from '../core/clock.js'
import type { DB } from '../core/db-open.js'
import { createStorage, type Storage } from '../storage/storage.js'
import { CodeLoader } from './app-code.js'
import { AppHost } from './app-host.js'
import { Batch } from './batch.js'
import { EnvStore } from './env-store.js'
import type { FunctionLimits } from './limits.js'
import { LogStore } from './log-store.js'
import type { Engine } from './quickjs-engine.js'
import { errorReply, type HttpReply, toReply } from './reply.js'
import type { RpcClient } from './rpc.js'
import { Sandbox } from './sandbox.js'
import { appError, type LogLine, type Outcome } from './sandbox-outcome.js'
import { ThreadPriority } from './thread-priority.js'
import type { Job, Reply } from './worker-messages.js'

interface Warm {
  sandbox: Sandbox
  host: AppHost
}

export interface WorkerRuntimeOptions {
  db: DB
  engine: Engine
  limits: FunctionLimits
  clock: Clock
  /** Warm sandboxes kept (least recently used dropped first). */
  sandboxes: number
  rpc?: RpcClient
  /** Hands replies to the pool, in the order the jobs came. */
  send(replies: Reply[]): void
  /** This thread could not get its priority back after a slow invocation: replace it when idle. */
  retire?(): void
}

// A batch is committed when nothing waits, when it is this old, or holds this many replies; replies of
// invocations that wrote nothing go out in smaller groups (they wait for no commit).
const BATCH_MS = 4
const BATCH_REPLIES = 64
const READ_REPLIES = 8
// An invocation that has not written yet and runs this long commits the batch before it goes on.
const SLOW_MS = 2
// An invocation running this long lowers its thread's priority until it ends.
const LOW_PRIORITY_MS = 50

/**
 * Runs invocations on one thread, one at a time: a warm sandbox per app (keyed by app, replaced when the
 * release changes), storage and logs on this thread's own connection, writes group-committed (batch.ts).
 */
export class WorkerRuntime {
  readonly #o: WorkerRuntimeOptions
  readonly #storage: Storage
  readonly #batch: Batch
  readonly #env: EnvStore
  readonly #logs: LogStore
  readonly #code: CodeLoader
  readonly #warm = new Map<string, Warm>()
  #held: { reply: Reply; wrote: boolean }[] = []
  #heldSince = 0
  #current: { host: AppHost; start: number } | undefined
  readonly #priority = new ThreadPriority()

  constructor(o: WorkerRuntimeOptions) {
    this.#o = o
    this.#storage = createStorage(o.db, { clock: o.clock })
    this.#batch = new Batch(o.db)
    this.#env = new EnvStore(o.db)
    this.#logs = new LogStore(o.db, o.limits.logKeep)
    this.#code = new CodeLoader(o.db)
  }

  /** Runs one job (synchronously when its sandbox is warm); its reply waits for `flush()`. */
  accept(job: Job): undefined | Promise<void> {
    if (performance.timeOrigin + performance.now() - job.posted > this.#o.limits.timeoutMs) {
      // Sent ahead behind invocations that turned out slow: the client has waited long enough.
      this.#hold(
        job,
        errorReply(503, 'UNAVAILABLE', `this app's functions stayed busy for ${this.#o.limits.timeoutMs} ms`),
        false,
      )
      return undefined
    }
    const warm = this.#warm.get(job.appId)
    if (warm && warm.sandbox.code.release === job.release && !warm.sandbox.broken) {
      this.#warm.delete(job.appId)
      this.#warm.set(job.appId, warm)
      this.#invoke(warm, job)
      return undefined
    }
    this.flush()
    return this.#create(job).then(
      (w) => this.#invoke(w, job),
      (e: unknown) => {
        const err = isAppError(e) ? e : new AppError('FUNCTION_ERROR', 'the sandbox could not start')
        if (!isAppError(e)) process.stderr.write(`fazt functions: ${(e as Error)?.stack ?? e}\n`)
        this.#log(job, [{ level: 'error', at: this.#o.clock.now(), message: err.message }])
        const notFound = err.code === 'NOT_FOUND'
        this.#hold(
          job,
          errorReply(notFound ? 404 : 500, notFound ? 'NOT_FOUND' : 'FUNCTION_ERROR', err.message),
          false,
        )
      },
    )
  }

  /** Commits the batch and sends the replies held so far. */
  flush(): void {
    const ok = this.#batch.commit()
    const held = this.#held
    this.#held = []
    if (held.length === 0) return
    this.#o.send(
      held.map(({ reply, wrote }) =>
        ok || !wrote
          ? reply
          : {
              ...reply,
              ...errorReply(
                503,
                'UNAVAILABLE',
                'the writes could not be saved (the database was busy); none were kept',
              ),
            },
      ),
    )
  }

  #invoke(warm: Warm, job: Job): void {
    const now = performance.now()
    if (this.#batch.open && (this.#batch.appId !== job.appId || this.#batch.age(now) > BATCH_MS)) this.flush()
    const { sandbox, host } = warm
    this.#current = { host, start: now }
    let outcome: Outcome
    try {
      outcome = sandbox.invoke({ file: job.file, fallback: job.fallback }, job.req, job.body, job.json)
    } catch (e) {
      // Not the app's doing (its errors are outcomes): drop the sandbox, answer, keep the worker.
      process.stderr.write(`fazt functions: ${(e as Error)?.stack ?? e}\n`)
      sandbox.broken = true
      outcome = appError('the function could not run')
    }
    this.#current = undefined
    if (this.#priority.lowered && !this.#priority.restore()) this.#o.retire?.()
    const wrote = host.entered
    try {
      host.finish(outcome.kind === 'response')
    } catch {
      // The savepoint could not be closed: the batch is lost (the commit reports it to every writer).
      outcome = appError('the writes could not be saved')
    }
    const path = job.line.slice(job.line.indexOf(' ') + 1)
    const { reply, logs } = toReply(outcome, path, this.#o.limits, this.#o.clock.now())
    this.#log(job, logs)
    this.#hold(job, reply, wrote)
    if (sandbox.broken) this.#drop(job.appId)
    const n = this.#held.length
    if (
      n >= BATCH_REPLIES ||
      (!this.#batch.open && n >= READ_REPLIES) ||
      performance.now() - this.#heldSince > BATCH_MS
    ) {
      this.flush()
    }
  }

  /** The sandbox's interrupt hook: an invocation that runs long before writing never holds the batch. */
  #tick = (): void => {
    const c = this.#current
    if (!c) return
    const ran = performance.now() - c.start
    if (this.#batch.open && !c.host.entered && ran > SLOW_MS) this.flush()
    if (ran > LOW_PRIORITY_MS) this.#priority.lower()
  }

  #hold(job: Job, r: HttpReply, wrote: boolean): void {
    if (this.#held.length === 0) this.#heldSince = performance.now()
    this.#held.push({
      reply: { type: 'reply', id: job.id, status: r.status, headers: r.headers, body: r.body },
      wrote,
    })
  }

  #log(job: Job, lines: LogLine[]): void {
    try {
      this.#logs.append(job.appId, job.line, lines)
    } catch {
      // Logs are best effort: a busy database must not fail the response.
    }
  }

  async #create(job: Job): Promise<Warm> {
    const old = this.#warm.get(job.appId)
    if (old) this.#drop(job.appId)
    const code = this.#code.load(job.appId, job.release, this.#o.limits.codeBytes)
    const host = new AppHost(job.appId, code.appName, this.#storage, this.#batch, this.#env, this.#o.rpc)
    const sandbox = await Sandbox.create(this.#o.engine, code, this.#o.limits, host, this.#tick)
    const warm = { sandbox, host }
    this.#warm.set(job.appId, warm)
    while (this.#warm.size > this.#o.sandboxes) this.#drop(this.#warm.keys().next().value as string)
    return warm
  }

  #drop(appId: string): void {
    this.#warm.get(appId)?.sandbox.dispose()
    this.#warm.delete(appId)
  }

  close(): void {
    this.flush()
    for (const id of [...this.#warm.keys()]) this.#drop(id)
  }
}
