import { isChannelName, type RealtimeErrorCode, type ServerFrame } from '../../sdk/realtime-frames.js'
import type { Channel, Hub } from './hub.js'

/**
 * What the broker needs of a client's transport. The `ws` adapter implements it over a WebSocket; tests
 * implement it over an array. `send` takes bytes of one complete JSON text frame.
 */
export interface Connection {
  send(frame: Buffer): void
  /** Bytes accepted by `send` but not yet handed to the network: the client's send queue. */
  readonly bufferedAmount: number
  /** A polite close (close frame with a code and reason). */
  close(code: number, reason: string): void
  /** Immediate: the socket is destroyed and its buffers freed. */
  terminate(): void
}

const PONG = Buffer.from('{"type":"pong"}')

type Problem = [code: RealtimeErrorCode, message: string, channel?: string]
const BINARY: Problem = ['BINARY_UNSUPPORTED', 'frames must be JSON text, not binary']
const BAD_CHANNEL: Problem = ['BAD_MESSAGE', '"channel" must be 1–128 characters without control characters']

/** One connected client of one app: its protocol state and its subscriptions. Kept small (10k+ live). */
export class Session {
  /** Channels this client is subscribed to; created on the first subscribe (most idle clients have none). */
  channels: Set<Channel> | undefined
  lastSeen: number
  lastPing: number
  open = true

  constructor(
    readonly id: string,
    readonly hub: Hub,
    readonly ip: string,
    readonly conn: Connection,
    now: number,
  ) {
    this.lastSeen = now
    this.lastPing = now
  }

  /** Sends one frame, or drops the client when its queue is over the limit (it is not reading). */
  deliver(frame: Buffer): void {
    if (!this.open) return
    if (this.conn.bufferedAmount > this.hub.maxQueueBytes) {
      this.hub.broker.dropSlow(this)
      return
    }
    this.conn.send(frame)
  }

  send(frame: ServerFrame): void {
    this.deliver(Buffer.from(JSON.stringify(frame)))
  }

  error(code: RealtimeErrorCode, message: string, channel?: string): void {
    this.send(
      channel === undefined ? { type: 'error', code, message } : { type: 'error', code, message, channel },
    )
  }

  /** Any frame from the client, or a protocol-level pong. Proves the client is alive. */
  seen(now: number): void {
    this.lastSeen = now
  }

  /** One frame from the client (docs/realtime.md#client-frames). Every mistake is answered with an error frame; none closes. */
  receive(data: Buffer | string, binary: boolean): void {
    if (!this.open) return
    this.lastSeen = this.hub.broker.clock.now()
    const problem = binary ? BINARY : this.#handle(data)
    if (problem) this.error(problem[0], problem[1], problem[2])
  }

  #handle(data: Buffer | string): Problem | undefined {
    let msg: unknown
    try {
      msg = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'))
    } catch {
      return ['BAD_JSON', 'the frame is not valid JSON']
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
      return ['BAD_MESSAGE', 'a message is a JSON object with a "type"']
    }
    const m = msg as Record<string, unknown>
    const channel = m.channel
    switch (m.type) {
      case 'subscribe': {
        if (!isChannelName(channel)) return BAD_CHANNEL
        const since = m.since
        if (
          since !== undefined &&
          !(typeof since === 'number' && Number.isSafeInteger(since) && since >= 0)
        ) {
          return ['BAD_MESSAGE', '"since" must be a sequence number (a whole number >= 0)', channel]
        }
        this.hub.subscribe(this, channel, since)
        return undefined
      }
      case 'unsubscribe':
        if (!isChannelName(channel)) return BAD_CHANNEL
        this.hub.unsubscribe(this, channel)
        return undefined
      case 'publish':
        if (!isChannelName(channel)) return BAD_CHANNEL
        if (!('data' in m)) return ['BAD_MESSAGE', 'a publish needs "data"', channel]
        this.hub.clientPublish(this, channel, m.data)
        return undefined
      case 'pong':
        return undefined
      case 'ping':
        // Beyond docs/realtime.md#heartbeat (the node pings, the client pongs): answered so clients can measure latency.
        this.deliver(PONG)
        return undefined
      default:
        if (typeof m.type !== 'string') return ['BAD_MESSAGE', 'a message needs a string "type"']
        return ['UNKNOWN_TYPE', `unknown message type "${m.type.slice(0, 40)}"`]
    }
  }
}
