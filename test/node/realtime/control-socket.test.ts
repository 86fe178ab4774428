import assert from 'node:assert/strict'
import { existsSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { test } from 'node:test'
import { controlTransport } from '../../../node/control/control-client.js'
import { startControlServer } from '../../../node/control/control-server.js'
import { controlSocketPath } from '../../../node/control/socket-path.js'
import type { NodeContext } from '../../../node/core/context.js'
import { openNodeContext } from '../../../node/core/context.js'
import { call } from '../../../node/verbs/dispatch.js'
import { tempDb } from '../../helpers/paths.js'

const localCall = (node: NodeContext) => (verb: string, params: unknown) =>
  call(node, { kind: 'local' }, verb, params)

// The local control channel on its own: line-delimited JSON verb calls over a Unix socket.

async function lines(path: string, input: string, count: number): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const s = connect(path)
    let buf = ''
    s.setEncoding('utf8')
    s.on('data', (d: string) => {
      buf += d
      const all = buf.split('\n').filter(Boolean)
      if (all.length >= count) {
        s.destroy()
        resolve(all.map((l) => JSON.parse(l)))
      }
    })
    s.on('error', reject)
    s.write(input)
  })
}

test('verb calls are answered in order, with coded errors for bad requests', async () => {
  const node = openNodeContext(tempDb())
  const server = await startControlServer(node, localCall(node))
  try {
    const out = (await lines(
      server.path,
      [
        '{"id":1,"verb":"version"}',
        'not json',
        '{"id":3}',
        '{"id":4,"verb":"no.such.verb"}',
        '{"id":5,"verb":"db.backup","params":{"file":"/tmp/x"}}',
        '{"id":6,"verb":"realtime.stats","params":{"app":"x"}}',
        '{"id":7,"verb":"version","params":{"bogus":1}}',
        '',
      ].join('\n'),
      7,
    )) as { id: unknown; ok: boolean; data?: { version: string }; error?: { code: string } }[]
    assert.deepEqual(
      out.map((r) => [r.id, r.ok, r.error?.code]),
      [
        [1, true, undefined],
        [null, false, 'BAD_REQUEST'],
        [3, false, 'BAD_REQUEST'],
        [4, false, 'UNKNOWN_VERB'],
        [5, false, 'BAD_REQUEST'],
        [6, false, 'UNAVAILABLE'],
        [7, false, 'INVALID_ARGUMENT'],
      ],
    )
    assert.match(out[0]?.data?.version ?? '', /^\d+\.\d+\.\d+/)
  } finally {
    await server.close()
    node.close()
  }
})

test('the client transport pipelines calls on one connection and reports a missing node', async () => {
  const dataPath = tempDb()
  const node = openNodeContext(dataPath)
  const t = controlTransport(dataPath)
  await assert.rejects(t.call('version', {}), { code: 'UNAVAILABLE' })
  const server = await startControlServer(node, localCall(node))
  try {
    const results = await Promise.all(Array.from({ length: 200 }, () => t.call('version', {})))
    assert.equal(results.length, 200)
    await assert.rejects(t.call('nope', {}), { code: 'UNKNOWN_VERB' })
  } finally {
    t.close?.()
    await server.close()
    node.close()
  }
  await assert.rejects(t.call('version', {}), { code: 'UNAVAILABLE' })
})

test('a socket file left by a crashed node is replaced; a live one is not taken over', async () => {
  const dataPath = tempDb()
  const node = openNodeContext(dataPath)
  writeFileSync(controlSocketPath(dataPath), 'stale')
  const server = await startControlServer(node, localCall(node))
  try {
    await assert.rejects(startControlServer(node, localCall(node)), { code: 'CONFLICT' })
  } finally {
    await server.close()
    node.close()
  }
})

test('a data path too long for a Unix socket gets a socket in the temp folder', () => {
  const long = `/tmp/${'d'.repeat(120)}/data.db`
  const p = controlSocketPath(long)
  assert.ok(Buffer.byteLength(p) <= 107)
  assert.equal(controlSocketPath(long), p)
  assert.notEqual(controlSocketPath(`${long}2`), p)
  assert.equal(controlSocketPath('/srv/fazt/data.db'), '/srv/fazt/data.db.sock')
  assert.equal(existsSync(p), false)
})
