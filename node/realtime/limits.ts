import type { Settings } from '../core/settings.js'

/** Limits and timings of realtime (docs/realtime.md#limits). Each is a node setting `realtime.<snake_name>`. */
export interface RealtimeLimits {
  /** Largest frame a client may send, and largest message the node will publish. */
  maxMessageBytes: number
  maxChannelsPerClient: number
  /** Open sockets per remote IP, over all apps. */
  maxConnectionsPerIp: number
  /**
   * Bytes a client may have waiting to be sent before it is dropped as a slow consumer. A resume replays
   * at most half of this at once; a longer backlog is answered GAP_TOO_OLD.
   */
  maxQueueBytes: number
  /** Channels an app may have at once (subscribed, or with history still retained). */
  maxChannelsPerApp: number
  /** History kept per channel for resume: the last N messages ... */
  historyMessages: number
  /** ... no older than this ... */
  historyMs: number
  /** ... and no more than this many bytes of history per app, oldest dropped first. */
  historyBytesPerApp: number
  pingMs: number
  /** A client silent this long (no frame, no pong) is dropped. */
  timeoutMs: number
  /** How often heartbeats and history expiry are checked. */
  checkMs: number
}

export const DEFAULT_LIMITS: Readonly<RealtimeLimits> = Object.freeze({
  maxMessageBytes: 64 * 1024,
  maxChannelsPerClient: 100,
  maxConnectionsPerIp: 256,
  maxQueueBytes: 1024 * 1024,
  maxChannelsPerApp: 10_000,
  historyMessages: 1000,
  historyMs: 5 * 60_000,
  historyBytesPerApp: 64 * 1024 * 1024,
  pingMs: 30_000,
  timeoutMs: 40_000,
  checkMs: 5_000,
})

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** The defaults, overridden by positive integer settings `realtime.max_message_bytes` and so on. */
export function readLimits(settings: Settings, over: Partial<RealtimeLimits> = {}): RealtimeLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(limits) as (keyof RealtimeLimits)[]) {
    const raw = settings.get(`realtime.${snake(key)}`)
    if (raw === undefined) continue
    const n = Number(raw)
    if (Number.isInteger(n) && n > 0) limits[key] = n
  }
  const out = { ...limits, ...over }
  // A check interval longer than the ping interval would ping late; keep heartbeats honest.
  out.checkMs = Math.min(out.checkMs, out.pingMs, Math.max(1, out.timeoutMs - out.pingMs))
  return out
}
