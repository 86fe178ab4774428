import assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { controlTransport } from '../../../node/control/control-client.js'
import { AppError } from '../../../sdk/contract/errors.js'
import type { SqlResult } from '../../../sdk/contract/verbs/sql.js'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDir } from '../../helpers/paths.js'

// `sql` inside a running node. A CLI's `fazt sql` runs in the CLI's own process; a peer's `fazt @node
// sql` runs inside the node. Here the verb is sent to the running node over its control socket (which
// carries any verb), so the statement runs in the node's own sql worker exactly as a peer call would,
// while the node serves static files and health checks.

const FOREVER = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'
const host = 'blog.localhost'
const page = `<!doctype html><p>${'static '.repeat(200)}</p>`

function childrenOf(pid: number): number[] {
  const out: number[] = []
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim()
    if (list) out.push(...list.split(/\s+/).map(Number))
  }
  return out
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number
}

describe('sql inside a running node', () => {
  let node: TestNode
  before(async () => {
    node = await startNode()
    const site = join(tempDir('fazt-site-'), 'blog')
    mkdirSync(site)
    writeFileSync(join(site, 'index.html'), page)
    const r = await node.cli(['--json', 'app', 'deploy', site, '--name', 'blog'])
    assert.equal(r.code, 0, r.stderr)
  })
  after(() => node.stop())

  async function timed(path: string, opts: { host?: string } = {}): Promise<number> {
    const t = performance.now()
    const r = await node.http(path, opts)
    assert.equal(r.status, 200, path)
    return performance.now() - t
  }

  test('a runaway statement is stopped at its limit while static files and health keep their latency', async (t) => {
    const control = controlTransport(node.dataPath)
    try {
      // Warm the node's sql worker and measure normal latency first.
      await control.call('sql', { query: 'SELECT 1' })
      const baseline: number[] = []
      for (let i = 0; i < 30; i++) baseline.push(await timed('/', { host }), await timed('/_fazt/health'))

      const started = performance.now()
      let settled = false
      const sql = control.call('sql', { query: FOREVER, timeout_ms: 2500 }).then(
        () => assert.fail('a statement that never ends returned'),
        (e: AppError) => e,
      )
      void sql.finally(() => {
        settled = true
      })
      await new Promise((r) => setTimeout(r, 300))
      const workers = childrenOf(node.pid)
      assert.equal(workers.length, 1, 'the statement runs in the one warm worker process of the node')
      const during: number[] = []
      while (!settled) {
        const static1 = await timed('/', { host })
        const health = await timed('/_fazt/health')
        during.push(static1, health)
        await new Promise((r) => setTimeout(r, 20))
      }
      const err = await sql
      const took = performance.now() - started
      assert.ok(err instanceof AppError)
      assert.equal(err.code, 'TIMEOUT')
      assert.ok(took >= 2400 && took < 6000, `stopped after ${took} ms`)
      assert.ok(during.length >= 20, `served ${during.length} requests meanwhile`)
      const p50 = { before: percentile(baseline, 50), during: percentile(during, 50) }
      const worst = { before: Math.max(...baseline), during: Math.max(...during) }
      t.diagnostic(
        `latency ms: p50 ${JSON.stringify(p50)}, max ${JSON.stringify(worst)}, ${during.length} requests`,
      )
      assert.ok(p50.during < p50.before + 25, `median ${p50.during} ms during vs ${p50.before} ms before`)
      assert.ok(worst.during < 400, `worst request ${worst.during} ms while the statement ran`)

      // The killed worker is gone, and the next statement gets a fresh one.
      for (let i = 0; i < 50 && workers.some((w) => childrenOf(node.pid).includes(w)); i++) {
        await new Promise((r) => setTimeout(r, 20))
      }
      assert.ok(!workers.some((w) => childrenOf(node.pid).includes(w)), 'the runaway worker was killed')
      const next = (await control.call('sql', { query: 'SELECT name FROM apps' })) as SqlResult
      assert.deepEqual(next.rows, [['blog']])
    } finally {
      control.close?.()
    }
  })

  test('secrets stay unreadable inside the node too', async () => {
    const control = controlTransport(node.dataPath)
    try {
      const err = await control
        .call('sql', { query: 'SELECT * FROM secret_identity' })
        .catch((e: AppError) => e)
      assert.ok(err instanceof AppError)
      assert.equal(err.code, 'PERMISSION_DENIED')
    } finally {
      control.close?.()
    }
  })
})
