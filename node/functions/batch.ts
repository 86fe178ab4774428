import type { DB } from '../core/db-open.js'
import type { AppStorage, StorageUnit } from '../storage/app-storage.js'

/**
 * Group commit for one worker's connection. Invocations of one app that arrive back to back share one
 * write transaction; each invocation's writes sit in a savepoint opened at its first storage call, so an
 * invocation that throws or hits a limit loses exactly its own writes. The worker holds every reply
 * until the transaction commits (a client never sees a write that is not durable), and commits as soon
 * as nothing is waiting, after a few milliseconds, or before an invocation that has not written yet runs
 * long (sandbox interrupt hook), so the write lock is never held for a slow invocation's sake.
 * Measured: the commit is most of the cost of a one-write invocation; this shares it.
 */
export class Batch {
  #unit: StorageUnit | undefined
  #appId = ''
  #since = 0
  #dead = false
  readonly #db: DB
  readonly #open
  readonly #release
  readonly #rollback

  constructor(db: DB) {
    this.#db = db
    this.#open = db.prepare('SAVEPOINT fazt_invocation')
    this.#release = db.prepare('RELEASE fazt_invocation')
    this.#rollback = db.prepare('ROLLBACK TO fazt_invocation')
  }

  get open(): boolean {
    return this.#unit !== undefined
  }

  get appId(): string {
    return this.#appId
  }

  /** Milliseconds since the transaction began. */
  age(now: number): number {
    return this.#unit ? now - this.#since : 0
  }

  /** Opens the invocation's savepoint (and the transaction, if none is open); returns the unit to use. */
  enter(appId: string, app: AppStorage, now: number): StorageUnit {
    if (this.#unit && this.#appId !== appId) throw new Error('a batch holds one app')
    if (!this.#unit) {
      this.#unit = app.begin()
      this.#appId = appId
      this.#since = now
      this.#dead = false
    }
    this.#open.run()
    return this.#unit
  }

  /** Closes the invocation's savepoint: kept, or rolled back. */
  leave(keep: boolean): void {
    // SQLite rolls a whole transaction back by itself after some errors (full disk, I/O): all is lost.
    if (!this.#db.inTransaction) {
      this.#dead = true
      return
    }
    if (!keep) this.#rollback.run()
    this.#release.run()
  }

  /** Commits; false when the writes of the batch could not be kept. */
  commit(): boolean {
    const unit = this.#unit
    this.#unit = undefined
    if (!unit) return true
    if (this.#dead) {
      unit.rollback()
      return false
    }
    try {
      unit.commit()
      return true
    } catch {
      unit.rollback()
      return false
    }
  }
}
