import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { type RawData, type WebSocket, WebSocketServer } from 'ws'
import { REALTIME_PATH } from '../../sdk/realtime-frames.js'
import type { ResolveApp } from '../core/seams.js'
import type { Broker } from './broker.js'
import { originAllowed } from './origin.js'
import type { Connection, Session } from './session.js'

export interface AdapterDeps {
  broker: Broker
  resolveApp: ResolveApp
  domain: () => string
}

const TEXT = { binary: false } as const
const SESSION = Symbol('fazt.session')
type Bound = WebSocket & { [SESSION]: Session }

/** A `ws` socket as the broker's Connection. One small object per client; no closures. */
class WsConnection implements Connection {
  constructor(private ws: WebSocket) {}
  send(frame: Buffer): void {
    this.ws.send(frame, TEXT)
  }
  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }
  close(code: number, reason: string): void {
    this.ws.close(code, reason)
  }
  terminate(): void {
    this.ws.terminate()
  }
}

// Shared listeners (`this` is the socket), so an idle client costs no closures.
function onMessage(this: WebSocket, data: RawData, binary: boolean): void {
  ;(this as Bound)[SESSION].receive(data as Buffer, binary)
}
function onPong(this: WebSocket): void {
  const s = (this as Bound)[SESSION]
  s.seen(s.hub.broker.clock.now())
}
function onClose(this: WebSocket): void {
  const s = (this as Bound)[SESSION]
  s.hub.broker.closed(s)
}
function onError(): void {
  // ws closes the socket itself (1009 for an oversized frame, 1002 for a protocol error); 'close' follows.
}

/**
 * Serves `GET /_ws` upgrades on app hosts with `ws` (no compression: a broadcast is framed once per
 * subscriber, never deflated per subscriber). Everything else about realtime is in the broker.
 */
export function attachRealtime(server: Server, deps: AdapterDeps): { close(): Promise<void> } {
  const { broker } = deps
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: broker.limits.maxMessageBytes,
    clientTracking: true,
  })
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]
    if (path !== REALTIME_PATH) {
      // Another feature may serve its own upgrades; answer only when nobody else listens.
      if (server.listenerCount('upgrade') === 1)
        reject(socket, 404, 'NOT_FOUND', 'no WebSocket endpoint here')
      return
    }
    let app: ReturnType<ResolveApp>
    try {
      app = deps.resolveApp(req.headers.host)
    } catch {
      return reject(socket, 503, 'UNAVAILABLE', 'cannot look up the app right now', 1)
    }
    if (!app) return reject(socket, 404, 'NOT_FOUND', 'no app at this host')
    if (!originAllowed(req.headers.origin, req.headers.host, deps.domain())) {
      return reject(socket, 403, 'PERMISSION_DENIED', 'pages from this origin may not open this socket')
    }
    const ip = req.socket.remoteAddress ?? ''
    if (!broker.admit(ip)) {
      return reject(socket, 429, 'RATE_LIMITED', 'too many realtime connections from this address', 10)
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const bound = ws as Bound
      bound[SESSION] = broker.connect(app, ip, new WsConnection(ws))
      ws.on('message', onMessage)
      ws.on('pong', onPong)
      ws.on('close', onClose)
      ws.on('error', onError)
    })
  }
  server.on('upgrade', onUpgrade)
  const timer = setInterval(() => broker.tick(), broker.limits.checkMs)
  timer.unref()

  return {
    /** Says goodbye (1001) to every client, gives them a second to answer, then cuts the rest. */
    async close() {
      clearInterval(timer)
      server.off('upgrade', onUpgrade)
      broker.closeAll()
      for (let i = 0; i < 50 && wss.clients.size > 0; i++) await new Promise((r) => setTimeout(r, 20))
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((r) => wss.close(() => r()))
    },
  }
}

function reject(socket: Duplex, status: number, code: string, message: string, retryAfter?: number): void {
  const body = JSON.stringify({ error: { code, message } })
  const reason =
    { 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' }[status] ??
    'Error'
  socket.on('error', () => {})
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `${retryAfter ? `Retry-After: ${retryAfter}\r\n` : ''}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  )
}
