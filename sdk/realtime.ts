// A small realtime client for browsers and Node (docs/realtime.md#the-client-library). Portable: no node: built-ins.
// In a browser: `connectRealtime()` (the page's own app). In Node: pass `WebSocket` from the `ws` package.
//
// Application code sees every channel message once and in order: the client remembers the last sequence
// number seen per channel, reconnects with exponential backoff and jitter after any cut, and resubscribes
// with `since`, so the node replays what was missed. When the node no longer has the missed messages it
// says so, and the client reports GAP_TOO_OLD through `onError` before carrying on from the present.
import { REALTIME_PATH, type ServerFrame } from './realtime-frames.js'

// Method syntax makes the parameter bivariant, so handlers typed for richer event types (the DOM's, ws's) fit.
type Listener<E> = { handle(ev: E): void }['handle']

/** The part of the WHATWG WebSocket this client uses (browsers' WebSocket and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: Listener<unknown> | null
  onmessage: Listener<{ data: unknown }> | null
  onclose: Listener<{ code: number; reason: string }> | null
  onerror: Listener<unknown> | null
}
export type WebSocketConstructor = new (url: string) => WebSocketLike

export interface RealtimeError {
  code: string
  message: string
  channel?: string
}

export interface MessageMeta {
  channel: string
  seq: number
  timestamp: number
}

export type Status = 'connecting' | 'open' | 'closed'

export interface RealtimeOptions {
  /** `ws(s)://<app host>/_ws`; in a browser it defaults to the page's own host. */
  url?: string
  WebSocket?: WebSocketConstructor
  /** Delay before reconnect attempt n: min(maxMs, initialMs * 2^n), half of it random. */
  backoff?: { initialMs?: number; maxMs?: number }
  /** Reconnect when nothing arrives for this long; the node pings every 30 s. Default 45 s. */
  idleMs?: number
  /** Publishes kept while disconnected, sent on reconnect (at most once). Default 1000. */
  maxQueued?: number
  onError?: (e: RealtimeError) => void
  onStatus?: (s: Status) => void
  /** Messages of `broadcastAll`: to every client of the app, outside any channel, never replayed. */
  onBroadcast?: (data: unknown, timestamp: number) => void
  random?: () => number
  now?: () => number
}

type Handler = (data: unknown, meta: MessageMeta) => void
interface ChannelState {
  handlers: Set<Handler>
  /** Last sequence number delivered to the app; undefined until the first `subscribed`. */
  last: number | undefined
  /** A resubscribe to fill a hole is under way. */
  resyncing: boolean
}

const OPEN = 1

export class RealtimeClient {
  readonly #o: RealtimeOptions
  readonly #ctor: WebSocketConstructor
  readonly #url: string
  readonly #channels = new Map<string, ChannelState>()
  readonly #queue: string[] = []
  #ws: WebSocketLike | undefined
  #attempt = 0
  #closed = false
  #lastRx = 0
  #retry: ReturnType<typeof setTimeout> | undefined
  #idle: ReturnType<typeof setInterval> | undefined

  constructor(opts: RealtimeOptions = {}) {
    this.#o = opts
    const ctor = opts.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
    if (!ctor) throw new Error('no WebSocket available: pass one (in Node: `WebSocket` from the ws package)')
    this.#ctor = ctor
    const loc = (globalThis as { location?: { protocol: string; host: string } }).location
    const url =
      opts.url ??
      (loc ? `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${REALTIME_PATH}` : undefined)
    if (!url) throw new Error('no url: pass the app host, e.g. ws://chat.example.com/_ws')
    this.#url = url
    this.#connect()
  }

  get connected(): boolean {
    return this.#ws?.readyState === OPEN
  }

  /** The socket in use, if any (tests cut it to exercise resume). */
  get socket(): WebSocketLike | undefined {
    return this.#ws
  }

  /** Calls `handler` for each message on `channel`, in order, once. Returns a function that stops it. */
  subscribe(channel: string, handler: Handler): () => void {
    let st = this.#channels.get(channel)
    if (!st) {
      st = { handlers: new Set(), last: undefined, resyncing: false }
      this.#channels.set(channel, st)
      this.#send({ type: 'subscribe', channel })
    }
    st.handlers.add(handler)
    return () => {
      const s = this.#channels.get(channel)
      if (!s?.handlers.delete(handler) || s.handlers.size > 0) return
      this.#channels.delete(channel)
      this.#send({ type: 'unsubscribe', channel })
    }
  }

  /** Publishes on a channel the app's manifest opens to clients (else the node answers PUBLISH_DENIED). */
  publish(channel: string, data: unknown): void {
    const frame = JSON.stringify({ type: 'publish', channel, data })
    if (this.connected) {
      this.#ws?.send(frame)
      return
    }
    if (this.#queue.length >= (this.#o.maxQueued ?? 1000)) {
      this.#o.onError?.({
        code: 'QUEUE_FULL',
        message: 'disconnected and too many publishes waiting',
        channel,
      })
      return
    }
    this.#queue.push(frame)
  }

  close(): void {
    this.#closed = true
    clearTimeout(this.#retry)
    clearInterval(this.#idle)
    const ws = this.#ws
    this.#ws = undefined
    if (ws) {
      ws.onclose = null
      ws.close(1000, 'client closing')
    }
    this.#o.onStatus?.('closed')
  }

  #now(): number {
    return (this.#o.now ?? Date.now)()
  }

  #send(frame: object): void {
    // Not yet open: `#onOpen` (re)subscribes from the channel table anyway.
    if (this.connected) this.#ws?.send(JSON.stringify(frame))
  }

  #connect(): void {
    if (this.#closed) return
    this.#o.onStatus?.('connecting')
    const ws = new this.#ctor(this.#url)
    this.#ws = ws
    ws.onopen = () => this.#onOpen(ws)
    ws.onmessage = (ev) => this.#onMessage(ev.data)
    ws.onerror = () => {}
    ws.onclose = () => this.#lost(ws)
  }

  #onOpen(ws: WebSocketLike): void {
    if (this.#ws !== ws) return
    this.#attempt = 0
    this.#lastRx = this.#now()
    this.#o.onStatus?.('open')
    for (const [channel, st] of this.#channels) {
      st.resyncing = false
      ws.send(
        JSON.stringify(
          st.last === undefined
            ? { type: 'subscribe', channel }
            : { type: 'subscribe', channel, since: st.last },
        ),
      )
    }
    for (const frame of this.#queue.splice(0)) ws.send(frame)
    const idleMs = this.#o.idleMs ?? 45_000
    clearInterval(this.#idle)
    this.#idle = setInterval(
      () => {
        if (this.#ws === ws && this.#now() - this.#lastRx > idleMs) this.#lost(ws, true)
      },
      Math.max(10, Math.floor(idleMs / 3)),
    )
  }

  /** The connection is gone (or silent): forget it and try again after a backoff. */
  #lost(ws: WebSocketLike, force = false): void {
    if (this.#ws !== ws) return
    this.#ws = undefined
    clearInterval(this.#idle)
    ws.onopen = ws.onmessage = ws.onclose = null
    if (force) {
      const t = ws as WebSocketLike & { terminate?: () => void }
      t.terminate ? t.terminate() : ws.close()
    }
    if (this.#closed) return
    const { initialMs = 100, maxMs = 10_000 } = this.#o.backoff ?? {}
    const cap = Math.min(maxMs, initialMs * 2 ** Math.min(this.#attempt++, 30))
    const delay = cap / 2 + ((this.#o.random ?? Math.random)() * cap) / 2
    this.#retry = setTimeout(() => this.#connect(), delay)
  }

  #onMessage(raw: unknown): void {
    this.#lastRx = this.#now()
    let f: ServerFrame
    try {
      f = JSON.parse(typeof raw === 'string' ? raw : String(raw)) as ServerFrame
    } catch {
      return
    }
    switch (f.type) {
      case 'ping':
        this.#ws?.send('{"type":"pong"}')
        return
      case 'subscribed': {
        const st = this.#channels.get(f.channel)
        if (st) {
          st.resyncing = false
          st.last ??= f.seq
        }
        return
      }
      case 'message':
        if (f.channel === undefined || f.seq === undefined) this.#o.onBroadcast?.(f.data, f.timestamp)
        else this.#onChannelMessage(f.channel, f.seq, f.data, f.timestamp)
        return
      case 'error': {
        const st = f.channel === undefined ? undefined : this.#channels.get(f.channel)
        // Carry on from the present: the next `subscribed` sets the position.
        if (st && f.code === 'GAP_TOO_OLD') st.last = undefined
        const e: RealtimeError = { code: f.code, message: f.message }
        if (f.channel !== undefined) e.channel = f.channel
        this.#o.onError?.(e)
        return
      }
      default:
        return
    }
  }

  #onChannelMessage(channel: string, seq: number, data: unknown, timestamp: number): void {
    const st = this.#channels.get(channel)
    if (!st || st.last === undefined || seq <= st.last) return
    if (seq !== st.last + 1) {
      // A hole (cannot happen on one connection, but never deliver out of order): ask for a replay.
      if (!st.resyncing && this.connected) {
        st.resyncing = true
        this.#ws?.send(JSON.stringify({ type: 'subscribe', channel, since: st.last }))
      }
      return
    }
    st.last = seq
    const meta = { channel, seq, timestamp }
    for (const h of st.handlers) {
      try {
        h(data, meta)
      } catch (e) {
        this.#o.onError?.({ code: 'HANDLER_ERROR', message: String((e as Error)?.message ?? e), channel })
      }
    }
  }
}

export function connectRealtime(opts: RealtimeOptions = {}): RealtimeClient {
  return new RealtimeClient(opts)
}
