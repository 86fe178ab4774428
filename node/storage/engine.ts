import { randomBytes } from 'node:crypto'
import type { Statement, Transaction } from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import { type Clock, systemClock } from '../core/clock.js'
import type { DB } from '../core/db-open.js'
import { DEFAULT_LIMITS, type StorageLimits } from './limits.js'
import { isBusy, translateSqliteError } from './sqlite-errors.js'

export interface BusyPolicy {
  /** Extra attempts after SQLITE_BUSY (each also waits the connection's busy_timeout inside SQLite). */
  retries: number
  baseDelayMs: number
  maxDelayMs: number
}

export interface StorageOptions {
  clock?: Clock
  /** Uniform in [0, 1): jitter of the busy backoff. */
  random?: () => number
  /** New document ids. */
  newId?: () => string
  limits?: Partial<StorageLimits>
  busy?: Partial<BusyPolicy>
}

/** Who may use the connection: nobody in particular (`undefined`), or the one open unit. */
export type Token = object | undefined

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const STATEMENT_CACHE = 256

/** 16 base62 characters (~95 bits). */
export function randomDocId(): string {
  const bytes = randomBytes(16)
  let id = ''
  for (const b of bytes) id += BASE62[b % 62]
  return id
}

/**
 * One connection's storage machinery, shared by every app handle on it: cached statements, the busy
 * retry, and the rule that while a unit of work is open on the connection only that unit may use it
 * (SQLite has one transaction per connection; letting anyone else in would mix their writes into it).
 */
export class StorageEngine {
  readonly db: DB
  readonly clock: Clock
  readonly limits: Readonly<StorageLimits>
  readonly newId: () => string
  #busy: BusyPolicy
  #random: () => number
  #owner: Token
  #cache = new Map<string, Statement>()
  #tx: Transaction<(fn: () => unknown) => unknown>
  #begin: Statement
  #commit: Statement
  #rollback: Statement
  #sleeper = new Int32Array(new SharedArrayBuffer(4))
  #retried = 0

  constructor(db: DB, opts: StorageOptions = {}) {
    this.db = db
    this.clock = opts.clock ?? systemClock
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...opts.limits })
    this.newId = opts.newId ?? randomDocId
    this.#random = opts.random ?? Math.random
    this.#busy = { retries: 4, baseDelayMs: 5, maxDelayMs: 250, ...opts.busy }
    this.#tx = db.transaction((fn: () => unknown) => fn())
    this.#begin = db.prepare('BEGIN IMMEDIATE')
    this.#commit = db.prepare('COMMIT')
    this.#rollback = db.prepare('ROLLBACK')
  }

  /** A prepared statement for SQL text built by node/storage (never app text), cached per connection. */
  prepare(text: string): Statement {
    let s = this.#cache.get(text)
    if (s === undefined) {
      s = this.db.prepare(text)
      if (this.#cache.size >= STATEMENT_CACHE) this.#cache.delete(this.#cache.keys().next().value as string)
      this.#cache.set(text, s)
    }
    return s
  }

  /** True while a unit holds the connection (the sweeper stays out of the way then). */
  get busy(): boolean {
    return this.#owner !== undefined || this.db.inTransaction
  }

  /**
   * Runs one storage operation: checks who holds the connection, retries SQLITE_BUSY with bounded,
   * jittered backoff when not inside a transaction (inside one we already hold the write lock), and
   * translates SQLite's errors.
   */
  run<T>(token: Token, appId: string, fn: () => T): T {
    if (this.#owner !== token) throw this.#refuse(token)
    if (this.db.inTransaction) {
      try {
        return fn()
      } catch (e) {
        throw translateSqliteError(e, appId)
      }
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return fn()
      } catch (e) {
        if (!isBusy(e) || attempt >= this.#busy.retries) throw translateSqliteError(e, appId)
        this.#retried++
        this.#backoff(attempt)
      }
    }
  }

  /**
   * Several statements as one: a write transaction of its own, or a savepoint inside an open unit, so
   * an operation that fails halfway (a limit, a bad $inc) changes nothing even if the app catches it.
   */
  atomic<T>(token: Token, appId: string, fn: () => T): T {
    return this.run(token, appId, () => this.#tx.immediate(fn) as T)
  }

  /** Opens a unit: BEGIN IMMEDIATE (the write lock now, so it cannot fail later on a stale snapshot). */
  begin(token: object, appId: string): void {
    if (this.#owner !== undefined || this.db.inTransaction) {
      throw new AppError('CONFLICT', 'a unit of work is already open on this storage connection', {
        hint: 'finish it first; concurrent invocations need their own connections',
      })
    }
    this.run(undefined, appId, () => this.#begin.run())
    this.#owner = token
  }

  commit(token: object, appId: string): void {
    if (this.#owner !== token) throw this.#refuse(token)
    this.#owner = undefined
    if (!this.db.inTransaction) {
      throw new AppError(
        'UNAVAILABLE',
        'the unit was rolled back by the database; none of its writes were kept',
      )
    }
    try {
      this.#commit.run()
    } catch (e) {
      if (this.db.inTransaction) this.#rollback.run()
      throw translateSqliteError(e, appId)
    }
  }

  /** Idempotent: rolling back a finished unit does nothing. */
  rollback(token: object): void {
    if (this.#owner !== token) return
    this.#owner = undefined
    if (this.db.inTransaction) this.#rollback.run()
  }

  /** How many times an operation waited and tried again after SQLITE_BUSY (observability, tests). */
  get busyRetries(): number {
    return this.#retried
  }

  isOpen(token: object): boolean {
    return this.#owner === token
  }

  #refuse(token: Token): AppError {
    if (token !== undefined) return new AppError('CONFLICT', 'this unit of work is already finished')
    return new AppError('CONFLICT', 'a unit of work holds this storage connection', {
      hint: 'inside a unit, use the handle the unit gave you',
    })
  }

  #backoff(attempt: number): void {
    const cap = Math.min(this.#busy.maxDelayMs, this.#busy.baseDelayMs * 2 ** attempt)
    const ms = cap / 2 + (this.#random() * cap) / 2
    // A synchronous sleep: better-sqlite3 is synchronous, and this thread has nothing else to run meanwhile.
    Atomics.wait(this.#sleeper, 0, 0, ms)
  }
}
