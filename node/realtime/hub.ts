import { AppError } from '../../sdk/contract/errors.js'
import type { RealtimeChannelStats, RealtimeStats } from '../../sdk/contract/verbs/realtime.js'
import type { Broker } from './broker.js'
import { ChannelLog, type Entry, History } from './history.js'
import type { Session } from './session.js'

export class Channel {
  readonly subscribers = new Set<Session>()
  readonly log: ChannelLog
  /** Last publish or last subscriber leaving: an idle channel is forgotten one history window later. */
  lastActive: number

  constructor(
    readonly name: string,
    base: number,
    now: number,
  ) {
    this.log = new ChannelLog(base)
    this.lastActive = now
  }
}

/** The realtime of one app: its channels, clients and history. Keyed by app id, never by host name. */
export class Hub {
  readonly channels = new Map<string, Channel>()
  readonly clients = new Set<Session>()
  readonly history: History
  readonly maxQueueBytes: number
  published = 0
  delivered = 0
  droppedSlow = 0

  constructor(
    readonly appId: string,
    public appName: string,
    readonly broker: Broker,
  ) {
    this.history = new History(broker.limits)
    this.maxQueueBytes = broker.limits.maxQueueBytes
  }

  subscribe(s: Session, name: string, since: number | undefined): void {
    let ch = this.channels.get(name)
    if (!(ch && s.channels?.has(ch)) && (s.channels?.size ?? 0) >= this.broker.limits.maxChannelsPerClient) {
      s.error(
        'TOO_MANY_CHANNELS',
        `a client may hold ${this.broker.limits.maxChannelsPerClient} channels`,
        name,
      )
      return
    }
    if (!ch) {
      try {
        ch = this.open(name)
      } catch (e) {
        s.error('LIMIT_EXCEEDED', (e as Error).message, name)
        return
      }
    }
    let replay = since === undefined ? [] : ch.log.after(since)
    if (!replay) {
      s.error('GAP_TOO_OLD', `messages after ${since} on "${name}" are no longer retained`, name)
      replay = []
    } else if (replay.length > 0 && !this.#fits(s, replay)) {
      // A replay goes out at once; it may use half the send queue, leaving room for live messages.
      s.error('GAP_TOO_OLD', `the ${replay.length} messages missed on "${name}" are too many to replay`, name)
      replay = []
    }
    ch.subscribers.add(s)
    s.channels ??= new Set()
    s.channels.add(ch)
    // Subscribed first, then the replay, then live messages: one synchronous run, nothing interleaves.
    s.send({ type: 'subscribed', channel: name, seq: ch.log.seq })
    for (const e of replay) s.deliver(e.frame)
  }

  unsubscribe(s: Session, name: string): void {
    const ch = this.channels.get(name)
    if (ch && s.channels?.delete(ch)) this.#leaveChannel(ch, s)
    s.send({ type: 'unsubscribed', channel: name })
  }

  clientPublish(s: Session, name: string, data: unknown): void {
    if (!this.broker.canPublish(this.appId, name)) {
      s.error(
        'PUBLISH_DENIED',
        `clients may not publish to "${name}": the app's manifest does not open it`,
        name,
      )
      return
    }
    try {
      this.publish(name, data)
    } catch (e) {
      const code = e instanceof AppError && e.code === 'LIMIT_EXCEEDED' ? 'LIMIT_EXCEEDED' : 'TOO_LARGE'
      s.error(code, (e as Error).message, name)
    }
  }

  /** Sequences, records and sends one message. Serialized once; every subscriber gets the same bytes. */
  publish(name: string, data: unknown): number {
    const now = this.broker.clock.now()
    const json = JSON.stringify(data === undefined ? null : data)
    const ch = this.channels.get(name) ?? this.open(name)
    const seq = ch.log.seq + 1
    const frame = Buffer.from(
      `{"type":"message","channel":${JSON.stringify(name)},"seq":${seq},"data":${json},"timestamp":${now}}`,
    )
    if (frame.length > this.broker.limits.maxMessageBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the message is ${frame.length} bytes; the limit is ${this.broker.limits.maxMessageBytes}`,
      )
    }
    ch.log.seq = seq
    ch.lastActive = now
    this.history.append(ch.log, { seq, ts: now, frame, dead: false })
    this.published++
    this.delivered += ch.subscribers.size
    for (const s of ch.subscribers) s.deliver(frame)
    return seq
  }

  /** A message to every client of the app, outside any channel: not sequenced, not replayed. */
  broadcastAll(data: unknown): number {
    const json = JSON.stringify(data === undefined ? null : data)
    const frame = Buffer.from(`{"type":"message","data":${json},"timestamp":${this.broker.clock.now()}}`)
    if (frame.length > this.broker.limits.maxMessageBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the message is ${frame.length} bytes; the limit is ${this.broker.limits.maxMessageBytes}`,
      )
    }
    const n = this.clients.size
    this.delivered += n
    for (const s of this.clients) s.deliver(frame)
    return n
  }

  /** A client is gone: it leaves every channel. */
  leave(s: Session): void {
    this.clients.delete(s)
    if (s.channels) for (const ch of s.channels) this.#leaveChannel(ch, s)
    s.channels = undefined
  }

  /** Expires history and forgets channels idle for a whole history window. */
  sweep(now: number): void {
    this.history.expire(now)
    const idleFor = this.broker.limits.historyMs
    for (const ch of this.channels.values()) {
      if (ch.subscribers.size === 0 && now - ch.lastActive >= idleFor) this.#forget(ch)
    }
  }

  stats(): RealtimeStats {
    let subscriptions = 0
    const top: RealtimeChannelStats[] = []
    for (const ch of this.channels.values()) {
      subscriptions += ch.subscribers.size
      top.push({
        channel: ch.name,
        subscribers: ch.subscribers.size,
        seq: ch.log.seq,
        retained: ch.log.entries.length,
      })
    }
    top.sort((a, b) => b.subscribers - a.subscribers || a.channel.localeCompare(b.channel))
    return {
      app: this.appName,
      app_id: this.appId,
      clients: this.clients.size,
      channels: this.channels.size,
      subscriptions,
      published: this.published,
      delivered: this.delivered,
      dropped_slow: this.droppedSlow,
      history_messages: this.history.messages,
      history_bytes: this.history.bytes,
      top_channels: top.slice(0, 20),
    }
  }

  /** A new channel; at the app's channel limit the longest-idle unsubscribed channel makes room. */
  open(name: string): Channel {
    const now = this.broker.clock.now()
    if (this.channels.size >= this.broker.limits.maxChannelsPerApp) {
      let victim: Channel | undefined
      for (const ch of this.channels.values()) {
        if (ch.subscribers.size === 0 && (!victim || ch.lastActive < victim.lastActive)) victim = ch
      }
      if (!victim) {
        throw new AppError('LIMIT_EXCEEDED', `the app has ${this.channels.size} channels, the limit`)
      }
      this.#forget(victim)
    }
    const ch = new Channel(name, this.broker.newBase(now), now)
    this.channels.set(name, ch)
    return ch
  }

  #fits(s: Session, replay: readonly Entry[]): boolean {
    let bytes = s.conn.bufferedAmount
    for (const e of replay) bytes += e.frame.length
    return bytes <= this.maxQueueBytes / 2
  }

  #leaveChannel(ch: Channel, s: Session): void {
    ch.subscribers.delete(s)
    if (ch.subscribers.size === 0) ch.lastActive = this.broker.clock.now()
  }

  #forget(ch: Channel): void {
    this.history.forget(ch.log)
    this.channels.delete(ch.name)
  }
}
