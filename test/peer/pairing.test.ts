import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { startNode, type TestNode } from '../helpers/node.js'
import { repoRoot } from '../helpers/paths.js'
import { pair } from '../helpers/peers.js'

let a: TestNode
let b: TestNode
let c: TestNode

before(async () => {
  ;[a, b, c] = await Promise.all([
    startNode({ host: '127.0.0.2' }),
    startNode({ host: '127.0.0.3' }),
    startNode({ host: '127.0.0.4' }),
  ])
  await pair(a, b, 'b', 'read,deploy')
})
after(async () => {
  await Promise.all([a?.stop(), b?.stop(), c?.stop()])
})

const withoutUptime = (s: string) => {
  const v = JSON.parse(s) as Record<string, unknown>
  delete v.uptime_s
  return v
}

test('@b runs a verb on B exactly as it runs on B: same output, same exit code', async () => {
  for (const args of [
    ['server', 'info', '--json'],
    ['node', 'id', '--json'],
    ['version', '--json'],
    ['app', 'list', '--json'],
  ]) {
    const remote = await a.cli(['@b', ...args])
    const local = await b.cli(args)
    assert.equal(remote.code, 0, `${args}: ${remote.stderr}`)
    assert.equal(remote.code, local.code)
    assert.deepEqual(withoutUptime(remote.stdout), withoutUptime(local.stdout), args.join(' '))
  }
  for (const args of [
    ['node', 'id'],
    ['node', 'id', '--format', 'csv'],
    ['app', 'list'],
  ]) {
    const remote = await a.cli(['@b', ...args])
    assert.equal(remote.stdout, (await b.cli(args)).stdout, args.join(' '))
  }
  const remoteFail = await a.cli(['@b', 'app', 'info', 'no-such-app'])
  const localFail = await b.cli(['app', 'info', 'no-such-app'])
  assert.equal(remoteFail.code, 1)
  assert.equal(remoteFail.code, localFail.code)
  assert.equal(remoteFail.stderr, localFail.stderr)
})

test('the SDK does the same from any Node.js program', async () => {
  const script = `
    import { openNode } from 'fazt/sdk'
    const node = await openNode({ db: ${JSON.stringify(a.dataPath)} })
    const info = await node.peer('b').server.info()
    const apps = await node.peer('b').verb('app.list')
    const me = await node.node.id()
    const rows = (await node.peer('b').sql('SELECT count(*) AS n FROM apps')).rows
    console.log(JSON.stringify({ remote: info.node_id, apps, me: me.node_id, rows }))
    await node.close()`
  const { spawnSync } = await import('node:child_process')
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  assert.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { remote: string; apps: unknown[]; me: string; rows: unknown[][] }
  const bId = (await b.cli(['node', 'id', '--json'])).json<{ node_id: string }>().node_id
  const aId = (await a.cli(['node', 'id', '--json'])).json<{ node_id: string }>().node_id
  assert.equal(out.remote, bId)
  assert.equal(out.me, aId)
  assert.deepEqual(out.apps, [])
  assert.deepEqual(out.rows, [[0]])
})

test('a local-only verb is refused for a peer with a hint, before anything is sent', async () => {
  const r = await a.cli(['@b', 'db', 'backup', '/tmp/never.db'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /^error: NOT_REMOTE: db\.backup only runs on the node's own machine/m)
  assert.match(r.stderr, /^hint: /m)
})

test('a verb needing a scope the peer lacks exits 77 and names the scope', async () => {
  const r = await a.cli(['@b', 'peer', 'list'])
  assert.equal(r.code, 77)
  assert.match(r.stderr, /MISSING_SCOPE: .*lacks scope "admin"/)
})

test('an invite works once: a second node using it is refused, nothing changes', async () => {
  const inv = (await c.cli(['peer', 'invite', '--json'])).json<{ code: string }>()
  const first = await a.cli(['peer', 'add', 'c', inv.code])
  assert.equal(first.code, 0, first.stderr)
  const again = await b.cli(['peer', 'add', 'c', inv.code])
  assert.equal(again.code, 77)
  assert.match(again.stderr, /INVITE_INVALID/)
  const onB = (await b.cli(['peer', 'list', '--json', '--no-check'])).json<{ name: string }[]>()
  assert.ok(!onB.some((p) => p.name === 'c'))
  const onC = (await c.cli(['peer', 'list', '--json', '--no-check'])).json<{ name: string }[]>()
  assert.equal(onC.length, 1, 'only A paired with C')
  await a.cli(['peer', 'remove', 'c'])
  await c.cli(['peer', 'remove', onC[0]?.name as string])
})

test('an expired invite is refused', async () => {
  const inv = (await c.cli(['peer', 'invite', '--ttl', '1s', '--json'])).json<{ code: string }>()
  await new Promise((r) => setTimeout(r, 2100))
  const r = await b.cli(['peer', 'add', 'c', inv.code])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /INVITE_EXPIRED/)
})

test('an impostor answering at the invited URL aborts pairing with a warning', async () => {
  const inv = (await b.cli(['peer', 'invite', '--json'])).json<{ code: string }>()
  // Point the invite at C: the node answering there is not the invited one.
  const payload = JSON.parse(Buffer.from(inv.code.slice('fazt1.'.length), 'base64url').toString()) as {
    urls: string[]
  }
  payload.urls = [c.url]
  const forged = `fazt1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
  const r = await a.cli(['peer', 'add', 'b2', forged])
  assert.equal(r.code, 77)
  assert.match(r.stderr, /KEY_MISMATCH: the node at this address is not the invited node/)
  assert.match(r.stderr, /hint: another machine may be answering/)
  assert.equal((await c.cli(['peer', 'requests', '--json'])).json<unknown[]>().length, 0)
})

test('garbage invite codes are refused clearly', async () => {
  for (const code of [
    'hello',
    'fazt1.',
    'fazt1.!!!!',
    'fazt9.abc',
    'fazt1.eyJ4IjoxfQ',
    `fazt1.${'A'.repeat(5000)}`,
  ]) {
    const r = await a.cli(['peer', 'add', 'x', code])
    assert.ok(r.code === 1 || r.code === 76, `${code.slice(0, 20)}: ${r.code} ${r.stderr}`)
    assert.match(r.stderr, /^error: (INVITE_MALFORMED|INVITE_VERSION|INVALID_ARGUMENT): /m)
  }
  assert.equal(
    (await a.cli(['peer', 'list', '--json', '--no-check']))
      .json<{ name: string }[]>()
      .filter((p) => p.name === 'x').length,
    0,
  )
})

test('pairing by fingerprint waits for the owner to approve', async () => {
  const fp = (await c.cli(['node', 'id', '--json'])).json<{ fingerprint: string }>().fingerprint
  const add = await a.cli(['peer', 'add', 'cfp', c.url, '--fingerprint', fp, '--json'])
  assert.equal(add.code, 0, add.stderr)
  assert.equal(add.json<{ pairing: string }>().pairing, 'pending')
  const denied = await a.cli(['@cfp', 'server', 'info'])
  assert.equal(denied.code, 77)
  assert.match(denied.stderr, /UNKNOWN_KEY: your pairing request is waiting for approval/)
  const requests = (await c.cli(['peer', 'requests', '--json'])).json<{ name: string }[]>()
  assert.equal(requests.length, 1)
  const approve = await c.cli(['peer', 'approve', requests[0]?.name as string, '--scopes', 'read'])
  assert.equal(approve.code, 0, approve.stderr)
  const ok = await a.cli(['@cfp', 'node', 'id', '--json'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.equal(ok.json<{ fingerprint: string }>().fingerprint, fp)
})

test('a wrong fingerprint aborts pairing by fingerprint', async () => {
  const r = await a.cli(['peer', 'add', 'cbad', c.url, '--fingerprint', 'AAAA-AAAA-AAAA-AAAA-A'])
  assert.notEqual(r.code, 0)
  assert.match(r.stderr, /KEY_MISMATCH|fingerprint/)
})

test('no output shows a secret', async () => {
  const inv = (await b.cli(['peer', 'invite', '--json'])).json<{ code: string }>()
  const secret = (JSON.parse(Buffer.from(inv.code.slice(6), 'base64url').toString()) as { secret: string })
    .secret
  const { secretsOf } = await import('../helpers/peers.js')
  const seeds = [a, b].map((n) => Buffer.from(secretsOf(n.dataPath).seed))
  const forms = seeds
    .flatMap((s) => [s.toString('hex'), s.toString('base64'), s.toString('base64url')])
    .concat(secret)
  for (const [node, args] of [
    [a, ['peer', 'list', '--json', '--no-check']],
    [b, ['peer', 'list', '--json', '--no-check']],
    [a, ['node', 'status', '--json']],
    [a, ['server', 'info', '--json']],
    [a, ['@b', 'server', 'info', '--json']],
    [b, ['peer', 'requests', '--json']],
  ] as [TestNode, string[]][]) {
    const r = await node.cli(args)
    for (const f of forms)
      assert.ok(!r.stdout.includes(f) && !r.stderr.includes(f), `${args.join(' ')} leaks a secret`)
  }
  const rec = await a.http('/.well-known/fazt-node')
  for (const f of forms) assert.ok(!rec.text().includes(f))
})

test('revoking a peer refuses it at once (77); a stopped peer is unreachable (69)', async () => {
  const d = await startNode({ host: '127.0.0.5' })
  await pair(a, d, 'd')
  assert.equal((await a.cli(['@d', 'node', 'id'])).code, 0)
  const aName = (await d.cli(['peer', 'list', '--json', '--no-check'])).json<{ name: string }[]>()[0]
    ?.name as string
  assert.equal((await d.cli(['peer', 'revoke', aName])).code, 0)
  const revoked = await a.cli(['@d', 'node', 'id'])
  assert.equal(revoked.code, 77)
  assert.match(revoked.stderr, /REVOKED/)
  await d.stop()
  const gone = await a.cli(['@d', 'node', 'id'])
  assert.equal(gone.code, 69)
  assert.match(gone.stderr, /PEER_UNREACHABLE: cannot reach peer d/)
})

test('an unknown @peer name is a clear error', async () => {
  const r = await runCli(['--db', a.dataPath, '@nobody', 'node', 'id'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /PEER_NOT_FOUND: no peer named "nobody"/)
})
