import { Deque } from './deque.js'

/** One published message, kept serialized so a replay sends the very bytes of the live broadcast. */
export interface Entry {
  seq: number
  ts: number
  frame: Buffer
  /** Trimmed from its channel; the app-wide queue skips it. */
  dead: boolean
}

/** A channel's retained messages: consecutive sequence numbers, oldest first. */
export class ChannelLog {
  readonly entries = new Deque<Entry>()
  /** The last sequence number handed out on this channel. */
  seq: number

  constructor(base: number) {
    this.seq = base
  }

  /**
   * The messages after `since`, or undefined when some of them are gone: `since` is before the oldest
   * retained message, or not a number this channel has handed out in this life (a restart, an eviction).
   */
  after(since: number): Entry[] | undefined {
    if (since === this.seq) return []
    if (since > this.seq) return undefined
    const head = this.entries.peek()
    if (!head || since + 1 < head.seq) return undefined
    return this.entries.slice(since + 1 - head.seq)
  }
}

export interface HistoryLimits {
  historyMessages: number
  historyMs: number
  historyBytesPerApp: number
}

/**
 * The history of one app. Each channel keeps its own log (so a resume is an index, not a scan); one
 * app-wide queue in publish order enforces the age and byte bounds by dropping the globally oldest
 * message first. Messages trimmed by a channel's count bound stay in that queue as small tombstones
 * (their buffer released) until it is compacted.
 */
export class History {
  bytes = 0
  messages = 0
  readonly #order = new Deque<{ entry: Entry; log: ChannelLog }>()

  constructor(private limits: HistoryLimits) {}

  append(log: ChannelLog, entry: Entry): void {
    log.entries.push(entry)
    this.#order.push({ entry, log })
    this.bytes += entry.frame.length
    this.messages++
    if (log.entries.length > this.limits.historyMessages) this.#kill(log.entries.shift())
    while (this.bytes > this.limits.historyBytesPerApp) this.#dropOldest()
    this.#compact()
  }

  /** Drops messages older than the history window. */
  expire(now: number): void {
    const cutoff = now - this.limits.historyMs
    for (let front = this.#order.peek(); front; front = this.#order.peek()) {
      if (!front.entry.dead && front.entry.ts > cutoff) break
      this.#dropOldest()
    }
    this.#compact()
  }

  /** Forgets every retained message of a channel that is being evicted. */
  forget(log: ChannelLog): void {
    for (let e = log.entries.shift(); e; e = log.entries.shift()) this.#kill(e)
    this.#compact()
  }

  #dropOldest(): void {
    const front = this.#order.shift()
    if (!front || front.entry.dead) return
    // The globally oldest live message is always the head of its own channel's log.
    front.log.entries.shift()
    this.#kill(front.entry)
  }

  #kill(entry: Entry | undefined): void {
    if (!entry || entry.dead) return
    entry.dead = true
    this.bytes -= entry.frame.length
    this.messages--
    entry.frame = EMPTY
  }

  #compact(): void {
    if (this.#order.length > 2 * this.messages + 1024) this.#order.retain((x) => !x.entry.dead)
  }
}

const EMPTY = Buffer.alloc(0)
