import assert from 'node:assert/strict'
import { statSync } from 'node:fs'
import { after, before, test } from 'node:test'
import { controlSocketPath } from '../../../node/control/socket-path.js'
import { runCli } from '../../helpers/cli.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDb } from '../../helpers/paths.js'
import { closeAll, connect, prepareData } from './ws-helpers.js'

// `fazt realtime …` runs in its own process and reaches the hubs in the running node's memory.
let node: TestNode
let ids: Record<string, string>

before(async () => {
  const dataPath = tempDb()
  ids = prepareData(dataPath, ['chat', 'other'])
  node = await startNode({ dataPath })
})
after(async () => {
  await node.stop()
})

test('fazt realtime publish reaches the WebSocket clients of the running node', async () => {
  const a = await connect(node.url, 'chat.localhost')
  const b = await connect(node.url, 'chat.localhost')
  for (const c of [a, b]) c.send({ type: 'subscribe', channel: 'news' })
  const { seq } = await a.next()
  await b.next()
  const r = await node.cli([
    'realtime',
    'publish',
    'chat',
    'news',
    '{"headline":"hello","n":[1,2]}',
    '--json',
  ])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(r.json(), { app: 'chat', channel: 'news', seq: seq + 1, subscribers: 2 })
  for (const c of [a, b]) {
    const m = await c.next()
    assert.deepEqual(
      [m.type, m.channel, m.seq, m.data],
      ['message', 'news', seq + 1, { headline: 'hello', n: [1, 2] }],
    )
  }
  const byId = await node.cli(['realtime', 'publish', ids.chat as string, 'news', '"plain text"'])
  assert.equal(byId.code, 0, byId.stderr)
  assert.match(byId.stdout, /seq\s+\d+/)
  assert.equal((await a.next()).data, 'plain text')
  await closeAll(a, b)
})

test('fazt realtime stats shows clients, channels and counts of that app only', async () => {
  const a = await connect(node.url, 'chat.localhost')
  const b = await connect(node.url, 'chat.localhost')
  const o = await connect(node.url, 'other.localhost')
  a.send({ type: 'subscribe', channel: 'room' })
  b.send({ type: 'subscribe', channel: 'room' })
  b.send({ type: 'subscribe', channel: 'lobby' })
  o.send({ type: 'subscribe', channel: 'room' })
  await Promise.all([a.next(), b.next(), b.next(), o.next()])
  const r = await node.cli(['realtime', 'stats', 'chat', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const s = r.json<{
    app: string
    app_id: string
    clients: number
    subscriptions: number
    top_channels: { channel: string; subscribers: number }[]
  }>()
  assert.equal(s.app, 'chat')
  assert.equal(s.app_id, ids.chat)
  assert.equal(s.clients, 2)
  assert.equal(s.subscriptions, 3)
  assert.deepEqual(
    s.top_channels.filter((c) => c.subscribers > 0).map((c) => [c.channel, c.subscribers]),
    [
      ['room', 2],
      ['lobby', 1],
    ],
  )
  const table = await node.cli(['realtime', 'stats', 'chat'])
  assert.equal(table.code, 0)
  assert.match(table.stdout, /clients\s+2/)
  const kicked = await node.cli(['realtime', 'kick', 'chat', '--json'])
  assert.deepEqual(kicked.json(), { app: 'chat', kicked: 2 })
  assert.equal((await a.closed).code, 4000)
  assert.equal(o.ws.readyState, o.ws.OPEN, 'kick of chat leaves other alone')
  await closeAll(a, b, o)
})

test('unknown apps and bad JSON are clear errors', async () => {
  const missing = await node.cli(['realtime', 'publish', 'nope', 'c', '1'])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /NOT_FOUND/)
  const bad = await node.cli(['realtime', 'publish', 'chat', 'c', '{oops'])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /USAGE.*JSON/)
})

test("the control socket is the owner's alone (mode 0600)", () => {
  const st = statSync(controlSocketPath(node.dataPath))
  assert.ok(st.isSocket())
  assert.equal(st.mode & 0o777, 0o600)
})

test('without a running node, realtime verbs fail with UNAVAILABLE and a hint to start it', async () => {
  const dataPath = tempDb()
  prepareData(dataPath, ['chat'])
  const r = await runCli(['--db', dataPath, 'realtime', 'stats', 'chat'])
  assert.equal(r.code, 75)
  assert.match(r.stderr, /UNAVAILABLE: no node is running/)
  assert.match(r.stderr, /hint: .*fazt server start/)
  const j = await runCli(['--db', dataPath, '--json', 'realtime', 'publish', 'chat', 'c', '1'])
  assert.equal(JSON.parse(j.stderr).error.code, 'UNAVAILABLE')
})
