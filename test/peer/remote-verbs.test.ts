import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startNode, type TestNode } from '../helpers/node.js'
import { pair } from '../helpers/peers.js'
import { writeSite } from '../node/hosting/site-fixture.js'

let a: TestNode
let b: TestNode

before(async () => {
  ;[a, b] = await Promise.all([startNode({ host: '127.0.0.2' }), startNode({ host: '127.0.0.3' })])
  await pair(a, b, 'b', 'read,deploy')
})
after(async () => {
  await Promise.all([a?.stop(), b?.stop()])
})

test('@b app deploy uploads local files to B, which serves them byte for byte', async () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7).toString('latin1')
  const dir = writeSite(
    { 'index.html': '<h1>remote</h1>', 'assets/app-abc123.js': 'console.log(1)', 'big.bin': big },
    'remote-site',
  )
  const r = await a.cli(['@b', 'app', 'deploy', dir, '--json'])
  assert.equal(r.code, 0, r.stderr)
  const out = r.json<{ app: string; release: string }>()
  assert.equal(out.app, 'remote-site')
  assert.equal(out.release, 'r1')
  const page = await b.http('/', { host: 'remote-site.localhost' })
  assert.equal(page.status, 200)
  assert.equal(page.text(), '<h1>remote</h1>')
  assert.equal((await b.http('/big.bin', { host: 'remote-site.localhost' })).body.toString('latin1'), big)
  // Nothing landed on A.
  assert.deepEqual((await a.cli(['app', 'list', '--json'])).json<unknown[]>(), [])
  // The same listing, locally on B and through A.
  assert.equal((await a.cli(['@b', 'app', 'list'])).stdout, (await b.cli(['app', 'list'])).stdout)
  // A redeploy of the same files makes no release, remotely as locally.
  const again = await a.cli(['@b', 'app', 'deploy', dir, '--json'])
  assert.equal(again.code, 0, again.stderr)
  assert.equal(again.json<{ release: string }>().release, 'r1')
})

test('a peer with read only cannot deploy (77, scope named) and nothing changes on B', async () => {
  const c = await startNode({ host: '127.0.0.4' })
  try {
    await pair(c, b, 'b', 'read')
    const r = await c.cli(['@b', 'app', 'deploy', writeSite({ 'index.html': 'x' }, 'nope')])
    assert.equal(r.code, 77, r.stderr)
    assert.match(r.stderr, /MISSING_SCOPE: .*"deploy"/)
    const names = (await b.cli(['app', 'list', '--json'])).json<{ name: string }[]>().map((x) => x.name)
    assert.ok(!names.includes('nope'))
  } finally {
    await c.stop()
  }
})

test('@b sql reads like a local sql, never reaches secrets, and writes need sql:write', async () => {
  const q = ['sql', 'SELECT name FROM apps ORDER BY name']
  for (const fmt of ['json', 'csv', 'table']) {
    const remote = await a.cli(['@b', ...q, '--format', fmt])
    assert.equal(remote.code, 0, remote.stderr)
    assert.equal(remote.stdout, (await b.cli([...q, '--format', fmt])).stdout, fmt)
  }
  const secret = await a.cli(['@b', 'sql', 'SELECT * FROM secret_identity'])
  assert.equal(secret.code, 77)
  assert.match(secret.stderr, /PERMISSION_DENIED/)
  const write = await a.cli(['@b', 'sql', "INSERT INTO settings VALUES ('x', 'y', 0)", '--write'])
  assert.equal(write.code, 77)
  assert.match(write.stderr, /MISSING_SCOPE: .*sql:write/)
  const n = await b.cli(['sql', "SELECT count(*) AS n FROM settings WHERE key = 'x'", '--json'])
  assert.deepEqual(n.json<{ rows: unknown[][] }>().rows, [[0]])
})

test('a verb the peer does not know is a version error (76) with a hint to upgrade the peer', async () => {
  const { peerTransport } = await import('../../node/peering/peer-calls.js')
  const { exitCodeOf } = await import('../../sdk/contract/errors.js')
  const t = peerTransport(a.dataPath, 'b')
  try {
    await assert.rejects(t.call('app.teleport', {}), (e: { code: string; hint?: string }) => {
      assert.equal(e.code, 'UNKNOWN_VERB')
      assert.equal(exitCodeOf(e.code), 76)
      assert.match(e.hint ?? '', /peer b runs fazt \d+\.\d+\.\d+.*upgrade fazt there/)
      return true
    })
  } finally {
    t.close?.()
  }
})
