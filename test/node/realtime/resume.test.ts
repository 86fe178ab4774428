import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import WebSocket from 'ws'
import { controlTransport } from '../../../node/control/control-client.js'
import { RealtimeClient, type RealtimeError } from '../../../sdk/realtime.js'
import type { Transport } from '../../../sdk/transport.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { prepareData, sleep } from './ws-helpers.js'

// docs/realtime.md#resume: cut the connection again and again while messages flow; the SDK client still hands the
// application every message exactly once, in order.
let node: TestNode
let control: Transport

before(async () => {
  const dataPath = tempDb()
  prepareData(dataPath, ['feed'])
  node = await startNode({ dataPath })
  control = controlTransport(dataPath)
})
after(async () => {
  control.close?.()
  await node.stop()
})

/** `ws` with the app's Host header, as the SDK's WebSocket constructor. */
class FeedSocket extends WebSocket {
  static made = 0
  constructor(url: string) {
    super(url, { headers: { host: 'feed.localhost' }, perMessageDeflate: false })
    FeedSocket.made++
  }
}

async function until(cond: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

test('10 000 numbered messages arrive complete and in order through dozens of random cuts', async (t) => {
  const TOTAL = 10_000
  const received: number[] = []
  const errors: RealtimeError[] = []
  const client = new RealtimeClient({
    url: `${node.url.replace('http', 'ws')}/_ws`,
    WebSocket: FeedSocket,
    backoff: { initialMs: 5, maxMs: 100 },
    onError: (e) => errors.push(e),
  })
  client.subscribe('numbers', (data) => received.push(data as number))
  const subscribers = async () =>
    ((await control.call('realtime.stats', { app: 'feed' })) as { subscriptions: number }).subscriptions
  await until(async () => (await subscribers()) === 1, 5000, 'the first subscription')

  let publishing = true
  const cuts = { client: 0, kick: 0 }
  const cutter = (async () => {
    while (publishing) {
      await sleep(5 + Math.random() * 40)
      if (!publishing) break
      if (Math.random() < 0.5) {
        // Cut from this side: the TCP connection is destroyed mid-stream, no close handshake.
        const ws = client.socket as WebSocket | undefined
        if (ws && ws.readyState === WebSocket.OPEN) {
          ws.terminate()
          cuts.client++
        }
      } else {
        // Cut from the node's side.
        const { kicked } = (await control.call('realtime.kick', { app: 'feed', reason: 'test cut' })) as {
          kicked: number
        }
        cuts.kick += kicked
      }
    }
  })()

  for (let i = 0; i < TOTAL; i++) {
    await control.call('realtime.publish', { app: 'feed', channel: 'numbers', data: i })
    if (i % 100 === 99) await sleep(15)
  }
  publishing = false
  await cutter
  await until(() => received.length >= TOTAL, 30_000, `all messages (have ${received.length})`)
  await sleep(100)
  client.close()

  t.diagnostic(`cuts: ${JSON.stringify(cuts)}, sockets opened: ${FeedSocket.made}`)
  assert.deepEqual(errors, [], 'no gaps, no errors')
  assert.equal(received.length, TOTAL, 'no duplicates')
  for (let i = 0; i < TOTAL; i++) if (received[i] !== i) assert.fail(`message ${i} is ${received[i]}`)
  assert.ok(cuts.client + cuts.kick >= 30, `only ${JSON.stringify(cuts)} cuts`)
  assert.ok(cuts.client > 5 && cuts.kick > 5, JSON.stringify(cuts))
  assert.ok(FeedSocket.made > cuts.client + cuts.kick / 2, 'the client reconnected after the cuts')
})
