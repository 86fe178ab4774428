import type { Storage } from './storage.js'

export interface Sweeper {
  /** One full pass now (batches until nothing expired is left); returns how many keys it deleted. */
  sweep(): number
  stop(): void
}

export interface SweeperOptions {
  intervalMs?: number
  /** Keys per transaction, so a large backlog never holds the write lock for long. */
  batch?: number
  /** Batches per tick; the rest waits for the next tick. */
  maxBatches?: number
  onError?: (e: unknown) => void
}

/**
 * Deletes expired KV keys in the background. They are already invisible from the moment they expire;
 * this only reclaims the space. The timer is unref'd so it never keeps a process alive.
 */
export function startKvSweeper(storage: Storage, opts: SweeperOptions = {}): Sweeper {
  const batch = opts.batch ?? 500
  const maxBatches = opts.maxBatches ?? 20
  const sweep = (limit = Number.POSITIVE_INFINITY): number => {
    let total = 0
    for (let i = 0; i < limit; i++) {
      const n = storage.sweepExpired(batch)
      total += n
      if (n < batch) break
    }
    return total
  }
  const timer = setInterval(() => {
    try {
      sweep(maxBatches)
    } catch (e) {
      // A busy database or a closed connection: the next tick tries again.
      opts.onError?.(e)
    }
  }, opts.intervalMs ?? 1000)
  timer.unref()
  return { sweep: () => sweep(), stop: () => clearInterval(timer) }
}
