import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startNode, type TestNode } from '../../helpers/node.js'
import { writeSite } from './site-fixture.js'

describe('aliases: link, unlink, reserve, redirect, swap, split', () => {
  let node: TestNode
  const ok = async (args: string[]) => {
    const r = await node.cli(['--json', ...args])
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    return r.json<unknown>()
  }
  const body = async (host: string, path = '/', headers: Record<string, string> = {}) =>
    (await node.http(path, { host, headers })).text()

  before(async () => {
    node = await startNode()
    await ok(['app', 'deploy', writeSite({ 'index.html': 'blue' }), '--name', 'blue'])
    await ok(['app', 'deploy', writeSite({ 'index.html': 'green' }), '--name', 'green'])
  })
  after(() => node.stop())

  test('link and unlink a subdomain; the root alias serves the root app', async () => {
    await ok(['app', 'link', 'shop', 'blue'])
    assert.equal(await body('shop.localhost'), 'blue')
    await ok(['app', 'link', 'root', 'green'])
    assert.equal(await body('localhost'), 'green')
    assert.equal(await body('root.localhost'), 'green')
    await ok(['app', 'unlink', 'shop'])
    assert.equal((await node.http('/', { host: 'shop.localhost' })).status, 404)
    await ok(['app', 'unlink', 'root'])
    assert.match(await body('localhost'), /fazt is running/)
    const missing = await node.cli(['app', 'unlink', 'shop'])
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /NOT_FOUND/)
    const admin = await node.cli(['app', 'link', 'admin', 'blue'])
    assert.match(admin.stderr, /RESERVED/)
  })

  test('reserved subdomains answer 404; redirects keep path and query, 301 for GET and 308 otherwise', async () => {
    await ok(['app', 'reserve', 'old'])
    assert.equal((await node.http('/', { host: 'old.localhost' })).status, 404)
    assert.equal((await node.http('/', { host: 'www.localhost' })).status, 404)
    await ok(['app', 'redirect', 'go', 'https://example.com/base/'])
    const get = await node.http('/a/b?x=1', { host: 'go.localhost' })
    assert.equal(get.status, 301)
    assert.equal(get.headers.location, 'https://example.com/base/a/b?x=1')
    const post = await node.http('/form', { host: 'go.localhost', method: 'POST', body: 'x' })
    assert.equal(post.status, 308)
    assert.equal(post.headers.location, 'https://example.com/base/form')
    const list = (await ok(['alias', 'list'])) as { sub: string; type: string; target: string }[]
    const bySub = Object.fromEntries(list.map((a) => [a.sub, a]))
    assert.equal(bySub.go?.target, 'https://example.com/base')
    assert.equal(bySub.old?.type, 'reserved')
    assert.equal(bySub.blue?.target, 'blue')
    assert.deepEqual(
      ['admin', 'api', 'www'].map((s) => bySub[s]?.type),
      ['reserved', 'reserved', 'reserved'],
    )
  })

  test('swap exchanges two aliases in one transaction', async () => {
    await ok(['app', 'link', 'live', 'blue'])
    await ok(['app', 'link', 'next', 'green'])
    // Readers during many swaps see each alias on one app or the other, and the two never on the same app.
    let stop = false
    const seen: string[] = []
    const reader = (async () => {
      while (!stop) {
        const [a, b] = await Promise.all([body('live.localhost'), body('next.localhost')])
        seen.push(`${a}/${b}`)
      }
    })()
    for (let i = 0; i < 6; i++) await ok(['app', 'swap', 'live', 'next'])
    stop = true
    await reader
    assert.ok(seen.length > 0)
    for (const s of seen) assert.ok(['blue/green', 'green/blue', 'blue/blue', 'green/green'].includes(s), s)
    assert.equal(await body('live.localhost'), 'blue')
    await ok(['app', 'swap', 'live', 'next'])
    assert.equal(await body('live.localhost'), 'green')
    assert.equal(await body('next.localhost'), 'blue')
    const rows = (await ok(['alias', 'list'])) as { sub: string; target: string }[]
    assert.deepEqual(
      rows.filter((r) => r.sub === 'live' || r.sub === 'next').map((r) => `${r.sub}=${r.target}`),
      ['live=green', 'next=blue'],
    )
  })

  test('split: 1000 fresh visitors land within a few percent of 70/30; a returning visitor keeps its variant', async () => {
    await ok(['app', 'split', 'ab', 'blue=70', 'green=30'])
    const counts: Record<string, number> = { blue: 0, green: 0 }
    const cookies: Record<string, string> = {}
    for (let batch = 0; batch < 50; batch++) {
      const rs = await Promise.all(Array.from({ length: 20 }, () => node.http('/', { host: 'ab.localhost' })))
      for (const r of rs) {
        const variant = r.text()
        counts[variant] = (counts[variant] ?? 0) + 1
        const cookie = String(r.headers['set-cookie']?.[0] ?? '')
        assert.match(cookie, /^fazt_variant_ab=app_[0-9A-Za-z]{12}; Path=\//)
        cookies[variant] = cookie.split(';')[0] as string
      }
    }
    assert.equal((counts.blue ?? 0) + (counts.green ?? 0), 1000)
    assert.ok(Math.abs((counts.blue ?? 0) - 700) <= 50, JSON.stringify(counts))
    for (const variant of ['blue', 'green']) {
      for (let i = 0; i < 20; i++) {
        const r = await node.http('/', {
          host: 'ab.localhost',
          headers: { cookie: `other=1; ${cookies[variant]}` },
        })
        assert.equal(r.text(), variant)
        assert.equal(r.headers['set-cookie'], undefined)
      }
    }
    for (const bad of [
      ['ab', 'blue=70', 'green=20'],
      ['ab', 'blue=100'],
      ['ab', 'blue=50', 'nope=50'],
    ]) {
      const r = await node.cli(['app', 'split', ...bad])
      assert.equal(r.code, 1, bad.join(' '))
    }
  })
})
