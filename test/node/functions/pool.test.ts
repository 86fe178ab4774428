import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { DEFAULT_FUNCTION_LIMITS } from '../../../node/functions/limits.js'
import { FunctionPool, type Invocation } from '../../../node/functions/pool.js'
import type { TestNode } from '../../helpers/node.js'
import { call, deploy, query, startWithSettings } from './fixture.js'

const limits = { ...DEFAULT_FUNCTION_LIMITS, timeoutMs: 300 }
const job = (appId: string, release = 1): Invocation => ({
  appId,
  release,
  file: 'api/w.js',
  fallback: undefined,
  req: JSON.stringify({ method: 'GET', path: '/api/w', query: {}, headers: {}, params: {} }),
  body: null,
  json: false,
  line: 'GET /api/w',
})

test('a worker that never answers is terminated after the time limit and replaced', async () => {
  const pool = new FunctionPool({
    dataPath: '/nonexistent',
    limits,
    workers: 2,
    graceMs: 200,
    entry: new URL('./fixtures/stuck-worker.js', import.meta.url),
  })
  try {
    const t = performance.now()
    const r = await pool.invoke(job('app_aaaaaaaaaaaa'))
    const took = performance.now() - t
    assert.equal(r.status, 504)
    assert.match(String(r.body), /TimeoutError/)
    assert.ok(took >= 450 && took < 3000, `took ${took} ms`)
    // The stuck thread is gone; the next invocation gets a fresh one.
    assert.equal(pool.size, 0)
    const next = pool.invoke(job('app_aaaaaaaaaaaa'))
    assert.equal(pool.size, 1)
    assert.equal((await next).status, 504)
  } finally {
    await pool.close()
  }
})

describe('the pool against a real data file', () => {
  let node: TestNode
  let appId: string
  before(async () => {
    node = await startWithSettings()
    await deploy(node, 'w', {
      'api/w.js': `module.exports = function (req) {
  var i = Number(req.query.i)
  fazt.storage.kv.set('k' + i, i)
  if (i % 2) throw new Error('odd ' + i)
  return 'ok ' + i
}`,
    })
    appId = (
      query<{ id: string }>(node.dataPath, "SELECT id FROM apps WHERE name = 'w'")[0] as { id: string }
    ).id
  })
  after(() => node.stop())

  test('invocations that share one commit keep exactly the writes of those that answered', async () => {
    const rs = await Promise.all(Array.from({ length: 60 }, (_, i) => call(node, 'w', `/api/w?i=${i}`)))
    for (const [i, r] of rs.entries()) assert.equal(r.status, i % 2 ? 500 : 200, `request ${i}: ${r.text()}`)
    const keys = query<{ key: string }>(
      node.dataPath,
      'SELECT key FROM app_kv WHERE app_id = ? ORDER BY key',
      appId,
    ).map((r) => r.key)
    assert.deepEqual(keys, Array.from({ length: 30 }, (_, i) => `k${i * 2}`).sort())
  })

  test('a second pool on the same file serves the same app from its own workers', async () => {
    const pool = new FunctionPool({ dataPath: node.dataPath, limits: DEFAULT_FUNCTION_LIMITS, workers: 1 })
    try {
      const inv = job(appId)
      const r = await pool.invoke({ ...inv, req: inv.req.replace('"query":{}', '"query":{"i":"100"}') })
      assert.equal(r.status, 200)
      assert.equal(r.body, 'ok 100')
      const gone = await pool.invoke(job('app_doesnotexist'))
      assert.equal(gone.status, 404)
    } finally {
      await pool.close()
    }
  })
})
