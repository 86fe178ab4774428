// The client swarm of bench/realtime.ts, in its own process (so clients do not share the server's CPU).
//   swarm.js fanout KIND URL HOST SUBSCRIBERS MESSAGES ROUNDS WINDOW
//     N subscribers + 1 publisher. Throughput: MESSAGES publishes with at most WINDOW in flight, counting
//     deliveries. Latency: ROUNDS publishes one at a time, publish -> each delivery. KIND floor|fazt
//     (floor clients do not subscribe: the floor sends every frame to everyone else).
//   swarm.js idle URL HOST CONNECTIONS
//     Opens idle connections, prints READY, closes them on stdin `close`.
// Prints progress lines (`PHASE …`) and one JSON line `RESULT {…}`.
import { createInterface } from 'node:readline'
import WebSocket from 'ws'

const PING = '{"type":"ping"}'
const SOURCES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']
const say = (s: string) => process.stdout.write(`${s}\n`)

async function open(
  url: string,
  host: string,
  n: number,
  onOpen?: (ws: WebSocket) => void,
): Promise<WebSocket[]> {
  const all: WebSocket[] = []
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: { host },
        perMessageDeflate: false,
        localAddress: SOURCES[i % SOURCES.length] as string,
      })
      ws.once('open', () => {
        all.push(ws)
        onOpen?.(ws)
        resolve()
      })
      ws.once('error', reject)
    })
  // A few hundred handshakes at a time: more overflows the listen backlog and measures SYN retries.
  for (let i = 0; i < n; i += 200)
    await Promise.all(Array.from({ length: Math.min(200, n - i) }, (_, k) => one(i + k)))
  return all
}

async function fanout(args: string[]): Promise<void> {
  const [kind, url, host] = args as [string, string, string]
  const [N, M, ROUNDS, W] = args.slice(3).map(Number) as [number, number, number, number]
  const pad = 'x'.repeat(64)
  const frame = (i: number) => JSON.stringify({ type: 'publish', channel: 'bench', data: { i, pad } })
  let delivered = 0
  let onDelivery = () => {}
  const subs = await open(url, host, N, (ws) => {
    ws.on('message', (data: Buffer) => {
      if (data.length === PING.length && data.toString() === PING) return ws.send('{"type":"pong"}')
      delivered++
      onDelivery()
    })
  })
  if (kind === 'fazt') {
    // Each subscriber's first frame is its `subscribed` answer.
    const acked = new Promise<void>((resolve) => {
      onDelivery = () => delivered === N && resolve()
    })
    for (const ws of subs) ws.send('{"type":"subscribe","channel":"bench"}')
    await acked
    delivered = 0
  }
  const [pub] = await open(url, host, 1)
  if (!pub) throw new Error('no publisher')
  pub.on('message', (data: Buffer) => data.toString() === PING && pub.send('{"type":"pong"}'))

  // Throughput.
  say('PHASE throughput')
  let sent = 0
  const total = M * N
  const t0 = performance.now()
  const pump = () => {
    while (sent < M && sent * N - delivered < W * N) pub.send(frame(sent++))
  }
  await new Promise<void>((resolve) => {
    onDelivery = () => {
      if (delivered === total) resolve()
      else if ((delivered & 63) === 0) pump()
    }
    pump()
  })
  const seconds = (performance.now() - t0) / 1000
  say('PHASE latency')

  // Latency: one message in flight, every delivery timed.
  const lat: number[] = []
  delivered = 0
  for (let r = 0; r < ROUNDS; r++) {
    const sentAt = performance.now()
    await new Promise<void>((resolve) => {
      onDelivery = () => {
        lat.push(performance.now() - sentAt)
        if (delivered === (r + 1) * N) resolve()
      }
      pub.send(frame(M + r))
    })
  }
  lat.sort((a, b) => a - b)
  const pick = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] as number
  say(
    `RESULT ${JSON.stringify({ deliveries: total, seconds, deliveries_per_s: total / seconds, p50_ms: pick(0.5), p99_ms: pick(0.99) })}`,
  )
  for (const ws of [...subs, pub]) ws.terminate()
}

async function idle(args: string[]): Promise<void> {
  const [url, host, n] = [args[0] as string, args[1] as string, Number(args[2])]
  const all = await open(url, host, n, (ws) => {
    ws.on('message', (d: Buffer) => d.toString() === PING && ws.send('{"type":"pong"}'))
  })
  say('READY')
  createInterface({ input: process.stdin }).on('line', (l) => {
    if (l !== 'close') return
    for (const ws of all) ws.terminate()
    say(`RESULT ${JSON.stringify({ connections: all.length })}`)
    process.exit(0)
  })
}

const [mode, ...rest] = process.argv.slice(2)
if (mode === 'fanout') await fanout(rest)
else if (mode === 'idle') await idle(rest)
else {
  console.error('usage: swarm.js fanout|idle …')
  process.exit(2)
}
