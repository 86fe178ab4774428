// One server for bench/realtime.ts, in its own process: `floor` (raw ws: every frame a client sends is
// broadcast as the very Buffer received, to every other client) or `fazt` (a real node, started with the
// code of `fazt server start`, app `bench` whose manifest opens channel `bench` to client publishing).
// Prints `PORT <n>` when listening. Stdin commands: `gc` (collect garbage, print `GC <heap+external bytes>`).
// Run with --expose-gc.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { WebSocketServer } from 'ws'
import { openNodeContext } from '../../node/core/context.js'
import { insertApp } from '../../node/hosting/app-store.js'
import { realtimeSlot } from '../../node/realtime/slot.js'
import { startServer } from '../../node/server.js'

const mode = process.argv[2]

async function floor(): Promise<number> {
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    perMessageDeflate: false,
    maxPayload: 64 * 1024,
  })
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      // The floor: a pre-serialized Buffer handed to every other client.
      for (const c of wss.clients) if (c !== ws) c.send(data as Buffer, { binary: isBinary })
    })
    ws.on('error', () => {})
  })
  await new Promise((r) => wss.once('listening', r))
  return (wss.address() as { port: number }).port
}

async function fazt(): Promise<number> {
  const dataPath = join(tmpdir(), `fazt-bench-realtime-${process.pid}.db`)
  process.on('exit', () => {
    for (const f of ['', '-wal', '-shm', '.runtime.json', '.sock']) rmSync(`${dataPath}${f}`, { force: true })
  })
  const node = openNodeContext(dataPath)
  const app = insertApp(node.db, { name: 'bench' }, node.clock.now())
  const slot = realtimeSlot(node)
  slot.publishPolicy = (id) => (id === app.id ? ['bench'] : [])
  slot.limits = { maxConnectionsPerIp: 1_000_000 }
  const server = await startServer(node, { port: 0, host: '127.0.0.1' }, () => {})
  process.on('SIGTERM', () => server.close().then(() => process.exit(0)))
  return server.info.port
}

const port = mode === 'floor' ? await floor() : mode === 'fazt' ? await fazt() : NaN
if (!port) {
  console.error('usage: servers.js floor|fazt')
  process.exit(2)
}
process.stdout.write(`PORT ${port}\n`)
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc
    for (let i = 0; i < 3; i++) gc?.()
    const m = process.memoryUsage()
    process.stdout.write(`GC ${m.heapUsed + m.external}\n`)
  }
})
process.stdin.on('end', () => process.exit(0))
