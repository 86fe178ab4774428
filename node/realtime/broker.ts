import { randomBytes } from 'node:crypto'
import { AppError } from '../../sdk/contract/errors.js'
import type { RealtimeStats } from '../../sdk/contract/verbs/realtime.js'
import { CLOSE, isChannelName } from '../../sdk/realtime-frames.js'
import type { Clock } from '../core/clock.js'
import type { AppRealtime, AppRef, PublishPolicy } from '../core/seams.js'
import { Hub } from './hub.js'
import type { RealtimeLimits } from './limits.js'
import { type ChannelMatcher, denyAll, policyMatcher } from './policy.js'
import { type Connection, Session } from './session.js'

export interface BrokerOptions {
  clock: Clock
  limits: RealtimeLimits
  publishPolicy?: PublishPolicy
  newId?: () => string
}

const PING = Buffer.from('{"type":"ping"}')

/**
 * Every app's realtime in one process: hubs keyed by app id, the clients, per-IP accounting, heartbeats.
 * Knows no sockets: clients come in as `Connection`s (node/realtime/ws-adapter.ts makes them from `ws`).
 */
export class Broker {
  readonly hubs = new Map<string, Hub>()
  readonly sessions = new Map<string, Session>()
  readonly clock: Clock
  readonly limits: RealtimeLimits
  readonly #perIp = new Map<string, number>()
  readonly #matcher: (appId: string) => ChannelMatcher
  readonly #newId: () => string
  #lastBase = 0

  constructor(opts: BrokerOptions) {
    this.clock = opts.clock
    this.limits = opts.limits
    this.#matcher = policyMatcher(opts.publishPolicy ?? denyAll)
    this.#newId = opts.newId ?? (() => randomBytes(9).toString('base64url'))
  }

  /** May one more client connect from this address? Asked before the WebSocket handshake. */
  admit(ip: string): boolean {
    return (this.#perIp.get(ip) ?? 0) < this.limits.maxConnectionsPerIp
  }

  connect(app: AppRef, ip: string, conn: Connection): Session {
    const hub = this.hub(app)
    let id = this.#newId()
    while (this.sessions.has(id)) id = this.#newId()
    const s = new Session(id, hub, ip, conn, this.clock.now())
    this.sessions.set(id, s)
    hub.clients.add(s)
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1)
    return s
  }

  /** The client's connection ended (the adapter saw it close). */
  closed(s: Session): void {
    this.#remove(s)
  }

  dropSlow(s: Session): void {
    if (!s.open) return
    s.hub.droppedSlow++
    this.#remove(s)
    // No close frame: it would queue behind the backlog. Destroying the socket frees the buffers now.
    s.conn.terminate()
  }

  kick(appId: string, clientId: string, reason = 'kicked'): boolean {
    const s = this.sessions.get(clientId)
    if (!s || s.hub.appId !== appId) return false
    this.#remove(s)
    s.conn.close(CLOSE.KICKED, truncateReason(reason))
    return true
  }

  /** Heartbeats and history expiry; run every `limits.checkMs` by the adapter (tests call it directly). */
  tick(): void {
    const now = this.clock.now()
    const { timeoutMs, pingMs } = this.limits
    for (const s of this.sessions.values()) {
      if (now - s.lastSeen >= timeoutMs) {
        this.#remove(s)
        s.conn.terminate()
      } else if (now - s.lastPing >= pingMs) {
        s.lastPing = now
        s.deliver(PING)
      }
    }
    for (const [id, hub] of this.hubs) {
      hub.sweep(now)
      if (hub.clients.size === 0 && hub.channels.size === 0) this.hubs.delete(id)
    }
  }

  /** Closes every client politely: the node is stopping. */
  closeAll(): void {
    for (const s of [...this.sessions.values()]) {
      this.#remove(s)
      s.conn.close(CLOSE.GOING_AWAY, 'node stopping')
    }
  }

  canPublish(appId: string, channel: string): boolean {
    return this.#matcher(appId)(channel)
  }

  /**
   * The first sequence number of a new channel. Taken from the clock (ms x 1000) so that numbers never
   * repeat across restarts or evictions: a `since` from an earlier life of a channel is always below the
   * new base and answered GAP_TOO_OLD, never silently mistaken for a recent position.
   */
  newBase(now: number): number {
    this.#lastBase = Math.max(now * 1000, this.#lastBase + 1)
    return this.#lastBase
  }

  hub(app: AppRef): Hub {
    let hub = this.hubs.get(app.id)
    if (!hub) {
      hub = new Hub(app.id, app.name, this)
      this.hubs.set(app.id, hub)
    } else hub.appName = app.name
    return hub
  }

  stats(app: AppRef): RealtimeStats {
    return (this.hubs.get(app.id) ?? new Hub(app.id, app.name, this)).stats()
  }

  forApp(app: AppRef): AppRealtime {
    const checked = (channel: unknown): string => {
      if (!isChannelName(channel)) {
        throw new AppError(
          'INVALID_ARGUMENT',
          'a channel name is 1–128 characters without control characters',
        )
      }
      return channel
    }
    return {
      broadcast: (channel, data) => this.hub(app).publish(checked(channel), data),
      broadcastAll: (data) => this.hubs.get(app.id)?.broadcastAll(data) ?? 0,
      subscribers: (channel) =>
        [...(this.hubs.get(app.id)?.channels.get(channel)?.subscribers ?? [])].map((s) => s.id),
      count: (channel) => {
        const hub = this.hubs.get(app.id)
        if (!hub) return 0
        return channel === undefined ? hub.clients.size : (hub.channels.get(channel)?.subscribers.size ?? 0)
      },
      kick: (clientId, reason) => this.kick(app.id, clientId, reason),
    }
  }

  #remove(s: Session): void {
    if (!s.open) return
    s.open = false
    s.hub.leave(s)
    this.sessions.delete(s.id)
    const n = (this.#perIp.get(s.ip) ?? 1) - 1
    if (n > 0) this.#perIp.set(s.ip, n)
    else this.#perIp.delete(s.ip)
  }
}

/** A close reason is at most 123 bytes (RFC 6455 §5.5). */
function truncateReason(reason: string): string {
  let r = reason.slice(0, 123)
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1)
  return r
}
