import { once } from 'node:events'
import WebSocket from 'ws'
import { openNodeContext } from '../../../node/core/context.js'
import { insertApp } from '../../../node/hosting/app-store.js'

/** Creates apps (and settings) in a data file before a node starts on it; returns name -> app id. */
export function prepareData(
  dataPath: string,
  apps: string[],
  settings: Record<string, string | number> = {},
): Record<string, string> {
  const node = openNodeContext(dataPath)
  try {
    const ids: Record<string, string> = {}
    for (const name of apps) ids[name] = insertApp(node.db, { name }, node.clock.now()).id
    for (const [k, v] of Object.entries(settings)) node.settings.set(k, String(v))
    return ids
  } finally {
    node.close()
  }
}

// biome-ignore lint/suspicious/noExplicitAny: frames are inspected loosely in tests.
export type AnyFrame = any

/** A raw WebSocket client with a queue of received frames, for protocol tests. */
export interface Client {
  ws: WebSocket
  /** The next frame (parsed), optionally the next one matching `pred`; rejects after `timeoutMs`. */
  next(pred?: (f: AnyFrame) => boolean, timeoutMs?: number): Promise<AnyFrame>
  send(msg: unknown): void
  /** Resolves with the close code once the socket closes. */
  closed: Promise<{ code: number; reason: string }>
  frames: AnyFrame[]
}

export interface ConnectOptions {
  origin?: string
  localAddress?: string
  /** Do not parse frames (a consumer that stops reading uses this to avoid work). */
  raw?: boolean
}

/** Opens `ws://<addr>/_ws` with the given Host header. Rejects with the HTTP status on a refused upgrade. */
export async function connect(url: string, host: string, opts: ConnectOptions = {}): Promise<Client> {
  const headers: Record<string, string> = { host }
  if (opts.origin) headers.origin = opts.origin
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/_ws`, {
    headers,
    perMessageDeflate: false,
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  })
  const frames: AnyFrame[] = []
  const waiters: { pred: (f: AnyFrame) => boolean; resolve(f: AnyFrame): void }[] = []
  ws.on('message', (data, binary) => {
    if (opts.raw) return
    const f = binary ? { binary: true } : JSON.parse(data.toString())
    const i = waiters.findIndex((w) => w.pred(f))
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(f)
    else frames.push(f)
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (d: Buffer) => {
        body += d
      })
      res.on('end', () =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })),
      )
    })
    ws.once('error', reject)
  })
  return {
    ws,
    frames,
    closed,
    send: (msg) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    next(pred = () => true, timeoutMs = 5000) {
      const i = frames.findIndex(pred)
      if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0])
      return new Promise((resolve, reject) => {
        const w = {
          pred,
          resolve: (f: AnyFrame) => {
            clearTimeout(timer)
            resolve(f)
          },
        }
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1)
          reject(
            new Error(
              `no matching frame within ${timeoutMs} ms; have ${JSON.stringify(frames).slice(0, 300)}`,
            ),
          )
        }, timeoutMs)
        waiters.push(w)
      })
    },
  }
}

export async function closeAll(...clients: Client[]): Promise<void> {
  await Promise.all(
    clients.map(async (c) => {
      if (c.ws.readyState === WebSocket.CLOSED) return
      c.ws.terminate()
      await once(c.ws, 'close')
    }),
  )
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
