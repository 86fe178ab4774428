// Token buckets per key (source address, peer key): cheap, in memory, checked before any crypto (PEERS.md §6.2).

export class RateLimiter {
  #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private perSecond: number,
    private burst: number,
    private maxKeys = 10_000,
  ) {}

  /** True while `key` has a token left at `nowMs`, without taking it. */
  allows(key: string, nowMs: number): boolean {
    const b = this.#buckets.get(key)
    if (!b) return true
    return Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond) >= 1
  }

  /** Takes one token for `key` at time `nowMs`; false when the bucket is empty. */
  take(key: string, nowMs: number): boolean {
    let b = this.#buckets.get(key)
    if (!b) {
      if (this.#buckets.size >= this.maxKeys) this.#evict(nowMs)
      b = { tokens: this.burst, at: nowMs }
      this.#buckets.set(key, b)
    }
    b.tokens = Math.min(this.burst, b.tokens + ((nowMs - b.at) / 1000) * this.perSecond)
    b.at = nowMs
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  #evict(nowMs: number): void {
    for (const [k, b] of this.#buckets) {
      if (nowMs - b.at > (this.burst / this.perSecond) * 1000) this.#buckets.delete(k)
    }
    // Still full: drop the oldest entries rather than grow without bound.
    for (const k of this.#buckets.keys()) {
      if (this.#buckets.size < this.maxKeys) break
      this.#buckets.delete(k)
    }
  }
}
