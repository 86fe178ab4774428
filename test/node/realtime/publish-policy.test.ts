import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { inProcessNode } from './in-process.js'
import { closeAll, connect } from './ws-helpers.js'

// Client publishing is governed by the app's manifest (`realtime.publish` patterns), injected here through
// the seam hosting will fill from the current release.
let rt: Awaited<ReturnType<typeof inProcessNode>>

before(async () => {
  rt = await inProcessNode({
    apps: ['chat', 'quiet'],
    policy: (ids) => (appId) => (appId === ids.chat ? ['chat:*', 'presence'] : []),
  })
})
after(async () => {
  await rt.close()
})

test('a client publish on an opened channel reaches every subscriber, in order', async () => {
  const alice = await connect(rt.url, 'chat.localhost')
  const bob = await connect(rt.url, 'chat.localhost')
  for (const c of [alice, bob]) c.send({ type: 'subscribe', channel: 'chat:lobby' })
  await Promise.all([alice.next(), bob.next()])
  for (let i = 0; i < 20; i++)
    alice.send({ type: 'publish', channel: 'chat:lobby', data: { from: 'alice', i } })
  bob.send({ type: 'publish', channel: 'presence', data: 'bob is here' })
  for (const c of [alice, bob]) {
    const got = []
    for (let i = 0; i < 20; i++) got.push((await c.next()).data.i)
    assert.deepEqual(got, [...Array(20).keys()])
  }
  assert.equal(
    rt
      .broker()
      .forApp({ id: rt.ids.chat as string, name: 'chat' })
      .count('chat:lobby'),
    2,
  )
  await closeAll(alice, bob)
})

test('channels the manifest does not open, and other apps, are refused with PUBLISH_DENIED', async () => {
  const c = await connect(rt.url, 'chat.localhost')
  for (const channel of ['chat', 'news', 'presence:x', 'CHAT:1']) {
    c.send({ type: 'publish', channel, data: 1 })
    const f = await c.next()
    assert.deepEqual([f.type, f.code, f.channel], ['error', 'PUBLISH_DENIED', channel])
  }
  const q = await connect(rt.url, 'quiet.localhost')
  q.send({ type: 'subscribe', channel: 'chat:lobby' })
  await q.next()
  q.send({ type: 'publish', channel: 'chat:lobby', data: 'sneaky' })
  assert.equal((await q.next()).code, 'PUBLISH_DENIED')
  await closeAll(c, q)
})
