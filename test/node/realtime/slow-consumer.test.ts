import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import { after, before, test } from 'node:test'
import { controlTransport } from '../../../node/control/control-client.js'
import type { Transport } from '../../../sdk/transport.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { type Client, closeAll, connect, prepareData, sleep } from './ws-helpers.js'

// docs/realtime.md#limits: a client that stops reading is dropped instead of growing the node's memory, and the
// clients that do read keep their latency.
let node: TestNode
let control: Transport

before(async () => {
  const dataPath = tempDb()
  // Little history, so what this test measures is send queues, not retained messages.
  prepareData(dataPath, ['flood'], { 'realtime.history_messages': 20 })
  node = await startNode({ dataPath })
  control = controlTransport(dataPath)
})
after(async () => {
  control.close?.()
  await node.stop()
})

const rssMiB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return Number(m?.[1]) / 1024
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN

test('a paused reader is dropped, node memory stays bounded, readers keep their latency', async (t) => {
  const MESSAGES = 2000
  const PAD = 'x'.repeat(32 * 1024)
  const fast: Client[] = []
  const latencies: number[] = []
  const got = [0, 0, 0]
  for (let i = 0; i < 3; i++) {
    const c = await connect(node.url, 'flood.localhost', { raw: true })
    c.ws.on('message', (d) => {
      const f = JSON.parse(d.toString())
      if (f.type !== 'message') return
      got[i] = (got[i] ?? 0) + 1
      latencies.push(Date.now() - f.data.sent)
    })
    c.send({ type: 'subscribe', channel: 'big' })
    fast.push(c)
  }
  const slow = await connect(node.url, 'flood.localhost')
  slow.send({ type: 'subscribe', channel: 'big' })
  await slow.next()
  // Stop reading: the kernel buffers fill, then the node's send queue for this client grows.
  ;(slow.ws as unknown as { _socket: Socket })._socket.pause()
  await sleep(100)

  const rss0 = rssMiB(node.pid)
  let peak = rss0
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMiB(node.pid))
  }, 20)
  for (let i = 0; i < MESSAGES; i++) {
    await control.call('realtime.publish', {
      app: 'flood',
      channel: 'big',
      data: { i, sent: Date.now(), PAD },
    })
    if (i % 50 === 49) await sleep(2)
  }
  const deadline = Date.now() + 20_000
  while (got.some((n) => n < MESSAGES) && Date.now() < deadline) await sleep(20)
  clearInterval(sampler)

  const stats = (await control.call('realtime.stats', { app: 'flood' })) as {
    clients: number
    dropped_slow: number
  }
  const sentMiB = (MESSAGES * PAD.length) / 2 ** 20
  t.diagnostic(
    `flood ${sentMiB} MiB per client; node RSS ${rss0.toFixed(1)} -> peak ${peak.toFixed(1)} MiB; ` +
      `reader latency p50 ${pct(latencies, 0.5)} ms, p99 ${pct(latencies, 0.99)} ms`,
  )
  assert.equal(stats.dropped_slow, 1, 'the paused client was dropped')
  assert.equal(stats.clients, 3)
  assert.deepEqual(got, [MESSAGES, MESSAGES, MESSAGES], 'every reader got every message')
  assert.ok(peak - rss0 < sentMiB / 3, `node memory grew by ${(peak - rss0).toFixed(1)} MiB`)
  assert.ok(pct(latencies, 0.99) < 1000, `reader p99 latency ${pct(latencies, 0.99)} ms`)
  await closeAll(...fast, slow)
})
