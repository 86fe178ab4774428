import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { openNodeContext } from '../../node/core/context.js'
import { dispatch } from '../../node/verbs/dispatch.js'
import type { TestNode } from '../helpers/node.js'
import { faztBin } from '../helpers/paths.js'
import { call, deploy, query, startWithSettings } from '../node/functions/fixture.js'

describe('fazt app env and fazt app logs', () => {
  let node: TestNode
  before(async () => {
    node = await startWithSettings()
    await deploy(node, 'shop', {
      'api/key.js':
        "module.exports = () => ({ key: fazt.env.get('API_KEY', null), has: fazt.env.has('API_KEY') })",
      'api/say.js':
        "module.exports = (req) => { fazt.log.info('said ' + req.query.w); fazt.log.warn('warned ' + req.query.w); return 'ok' }",
    })
  })
  after(() => node.stop())

  test('env set, list and unset: functions read the value, no output ever prints it', async () => {
    const set = await node.cli(['app', 'env', 'set', 'shop', 'API_KEY', 'sk_live_123456'])
    assert.equal(set.code, 0, set.stderr)
    assert.doesNotMatch(set.stdout, /sk_live/)
    assert.deepEqual((await call(node, 'shop', '/api/key')).json(), { key: 'sk_live_123456', has: true })
    await node.cli(['app', 'env', 'set', 'shop', 'OTHER', 'x'])
    const list = await node.cli(['--json', 'app', 'env', 'list', 'shop'])
    assert.equal(list.code, 0, list.stderr)
    const rows = list.json<{ key: string; bytes: number }[]>()
    assert.deepEqual(
      rows.map((r) => [r.key, r.bytes]),
      [
        ['API_KEY', 14],
        ['OTHER', 1],
      ],
    )
    assert.doesNotMatch(list.stdout + (await node.cli(['app', 'env', 'list', 'shop'])).stdout, /sk_live/)
    // Nor `fazt sql`: the table is a secret one (docs/sql.md#secret-tables).
    const sql = await node.cli(['sql', 'SELECT * FROM secret_app_env'])
    assert.notEqual(sql.code, 0)
    assert.doesNotMatch(sql.stdout + sql.stderr, /sk_live/)
    assert.equal((await node.cli(['app', 'env', 'unset', 'shop', 'API_KEY'])).code, 0)
    assert.deepEqual((await call(node, 'shop', '/api/key')).json(), { key: null, has: false })
    const again = await node.cli(['app', 'env', 'unset', 'shop', 'API_KEY'])
    assert.equal(again.code, 1)
    assert.match(again.stderr, /NOT_FOUND/)
    const bad = await node.cli(['app', 'env', 'set', 'shop', 'BAD-NAME', 'x'])
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /INVALID_ARGUMENT/)
  })

  test('logs: the last lines, a level filter, and -n', async () => {
    for (const w of ['a', 'b', 'c']) assert.equal((await call(node, 'shop', `/api/say?w=${w}`)).status, 200)
    const all = await node.cli(['--json', 'app', 'logs', 'shop'])
    assert.equal(all.code, 0, all.stderr)
    const lines = all.json<{ level: string; request: string; message: string; at: string }[]>()
    assert.deepEqual(
      lines.slice(-2).map((l) => l.message),
      ['said c', 'warned c'],
    )
    assert.equal(lines.at(-1)?.request, 'GET /api/say')
    assert.match(lines.at(-1)?.at ?? '', /^\d{4}-\d\d-\d\dT/)
    const warn = await node.cli(['--json', 'app', 'logs', 'shop', '--level', 'warn', '-n', '2'])
    assert.deepEqual(
      warn.json<{ message: string }[]>().map((l) => l.message),
      ['warned b', 'warned c'],
    )
    const table = await node.cli(['app', 'logs', 'shop', '-n', '1'])
    assert.match(table.stdout, /warned c/)
  })

  test('logs -f follows new lines until stopped', async () => {
    const child = spawn(
      process.execPath,
      [faztBin, '--db', node.dataPath, '--json', 'app', 'logs', 'shop', '-n', '1', '-f'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
    })
    const until = async (re: RegExp) => {
      const end = Date.now() + 10_000
      while (!re.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
      assert.match(out, re)
    }
    try {
      await until(/warned c/)
      await call(node, 'shop', '/api/say?w=live')
      await until(/said live[\s\S]*warned live/)
      assert.equal(child.exitCode, null)
    } finally {
      child.kill('SIGINT')
    }
  })

  test('a peer can follow too: frames stream until it stops reading, which ends the polling', async () => {
    const ctx = openNodeContext(node.dataPath)
    try {
      const peer = { kind: 'peer', peerId: 'fzpeer', name: 'friend', keyId: 'k', scopes: ['read'] } as const
      const out = await dispatch(ctx, peer, 'app.logs', { app: 'shop', follow: true, lines: 1 })
      assert.equal(out.kind, 'stream')
      const it = (out as { frames: AsyncIterable<{ type: string; data: { message: string } }> }).frames[
        Symbol.asyncIterator
      ]()
      assert.equal((await it.next()).value?.data.message, 'warned live')
      const next = it.next()
      await call(node, 'shop', '/api/say?w=peer')
      assert.equal((await next).value?.data.message, 'said peer')
      await it.next()
      assert.deepEqual(await it.return?.(), { done: true, value: undefined })
      // Without -f the last lines are one result frame.
      const once = await dispatch(ctx, peer, 'app.logs', { app: 'shop', lines: 1 })
      const frames = []
      for await (const f of (once as { frames: AsyncIterable<unknown> }).frames) frames.push(f)
      assert.deepEqual(frames.length, 1)
    } finally {
      ctx.close()
    }
  })

  test('removing an app removes its variables and logs', async () => {
    await deploy(node, 'gone', { 'api/x.js': "module.exports = () => { console.log('x'); return 1 }" })
    await node.cli(['app', 'env', 'set', 'gone', 'K', 'v'])
    await call(node, 'gone', '/api/x')
    const id = (
      query<{ id: string }>(node.dataPath, "SELECT id FROM apps WHERE name = 'gone'")[0] as { id: string }
    ).id
    const r = await node.cli(['app', 'remove', 'gone'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(
      query(
        node.dataPath,
        'SELECT 1 FROM secret_app_env WHERE app_id = ? UNION ALL SELECT 1 FROM app_logs WHERE app_id = ?',
        id,
        id,
      ),
      [],
    )
  })
})
