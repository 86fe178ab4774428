import type { DB } from './db-open.js'

/**
 * Notices commits made by other connections (another process, a worker thread) to the same file.
 * `PRAGMA data_version` changes only when *another* connection commits, and costs about a microsecond,
 * so caches ask before each use and drop what they hold when the generation moves (docs/architecture.md#data).
 * Writes through this same connection must call `bump()` themselves.
 */
export class ChangeWatch {
  #stmt
  #last: number
  #generation = 0

  constructor(db: DB) {
    this.#stmt = db.prepare('PRAGMA data_version').pluck()
    this.#last = this.#stmt.get() as number
  }

  /** A number that changes whenever the data may have changed. */
  generation(): number {
    const v = this.#stmt.get() as number
    if (v !== this.#last) {
      this.#last = v
      this.#generation++
    }
    return this.#generation
  }

  /** Our own connection wrote: invalidate caches keyed on the generation. */
  bump(): void {
    this.#generation++
  }
}

/** A value recomputed only when the data file changed since it was last computed. */
export function cached<T>(watch: ChangeWatch, compute: () => T): () => T {
  let gen = -1
  let value: T
  return () => {
    const g = watch.generation()
    if (g !== gen) {
      value = compute()
      gen = g
    }
    return value
  }
}
