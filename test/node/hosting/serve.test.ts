import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDir } from '../../helpers/paths.js'
import { count, markedSite, query, sha256, writeSite } from './site-fixture.js'

const host = 'blog.localhost'
const files = markedSite('one')

describe('static serving of a deployed site', () => {
  let node: TestNode
  before(async () => {
    node = await startNode()
    const r = await node.cli(['--json', 'app', 'deploy', writeSite(files), '--name', 'blog', '--spa'])
    assert.equal(r.code, 0, r.stderr)
    const out = r.json<{ release: string; created: boolean; preview_url: string; url: string }>()
    assert.equal(out.release, 'r1')
    assert.match(out.preview_url, /^http:\/\/blog--r1\./)
    assert.match(out.url, /^http:\/\/blog\./)
  })
  after(() => node.stop())

  test('every file is served byte for byte with its type and cache rules', async () => {
    const expect: Record<string, [string, string]> = {
      'index.html': ['text/html; charset=utf-8', 'no-cache'],
      'about.html': ['text/html; charset=utf-8', 'no-cache'],
      'docs/index.html': ['text/html; charset=utf-8', 'no-cache'],
      'docs/guide/intro.html': ['text/html; charset=utf-8', 'no-cache'],
      'assets/app-Ab3dE9fG.js': ['text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      'assets/style-Zz81Qk2m.css': ['text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
      'data/info.json': ['application/json; charset=utf-8', 'public, max-age=300'],
      'img/logo.png': ['image/png', 'public, max-age=300'],
    }
    for (const [path, [type, cache]] of Object.entries(expect)) {
      const r = await node.http(`/${path}`, { host })
      assert.equal(r.status, 200, path)
      assert.deepEqual(r.body, Buffer.from(files[path] as string | Buffer), path)
      assert.equal(r.headers['content-type'], type, path)
      assert.equal(r.headers['cache-control'], cache, path)
      assert.equal(r.headers.etag, `"${sha256(files[path] as string | Buffer)}"`, path)
    }
  })

  test('index resolution, trailing-slash redirect keeping the query, SPA fallback, 404', async () => {
    const body = async (p: string) => (await node.http(p, { host })).text()
    assert.equal(await body('/'), files['index.html'])
    assert.equal(await body('/about'), files['about.html'])
    assert.equal(await body('/docs'), files['docs/index.html'])
    assert.equal(await body('/docs/guide/intro'), files['docs/guide/intro.html'])
    const slash = await node.http('/docs/?a=1&b=2', { host })
    assert.equal(slash.status, 301)
    assert.equal(slash.headers.location, '/docs?a=1&b=2')
    assert.equal((await node.http('//evil.example/', { host })).headers.location, '/evil.example')
    // spa: an extension-less miss serves index.html; a miss with an extension is a 404
    const spa = await node.http('/some/client/route', { host })
    assert.equal(spa.status, 200)
    assert.equal(spa.text(), files['index.html'])
    const miss = await node.http('/missing.js', { host })
    assert.equal(miss.status, 404)
    assert.match(miss.text(), /404/)
    assert.equal((await node.http('/', { host: 'nothing-here.localhost' })).status, 404)
    const bad = await node.http('/%E0%A4%A', { host })
    assert.equal(bad.status, 400)
    assert.equal(bad.json<{ error: { code: string } }>().error.code, 'BAD_REQUEST')
  })

  test('ETag and If-None-Match give 304; HEAD has headers and no body; other methods get 405', async () => {
    const first = await node.http('/about', { host })
    const again = await node.http('/about', {
      host,
      headers: { 'if-none-match': first.headers.etag as string },
    })
    assert.equal(again.status, 304)
    assert.equal(again.body.length, 0)
    assert.equal(again.headers.etag, first.headers.etag)
    const head = await node.http('/data/info.json', { host, method: 'HEAD' })
    assert.equal(head.status, 200)
    assert.equal(head.body.length, 0)
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(files['data/info.json'] as string)))
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const r = await node.http('/about', {
        host,
        method,
        body: 'x',
        // Node's client sends no Content-Length for a DELETE body: say it, or the body poisons the socket.
        headers: { 'content-type': 'text/plain', 'content-length': '1' },
      })
      assert.equal(r.status, 405, method)
      assert.equal(r.headers.allow, 'GET, HEAD')
      assert.equal(r.json<{ error: { code: string } }>().error.code, 'METHOD_NOT_ALLOWED')
    }
  })

  test('Range gives 206 with the exact bytes, 416 when unsatisfiable', async () => {
    const js = Buffer.from(files['assets/app-Ab3dE9fG.js'] as string)
    const part = await node.http('/assets/app-Ab3dE9fG.js', { host, headers: { range: 'bytes=10-99' } })
    assert.equal(part.status, 206)
    assert.equal(part.headers['content-range'], `bytes 10-99/${js.length}`)
    assert.deepEqual(part.body, js.subarray(10, 100))
    const tail = await node.http('/assets/app-Ab3dE9fG.js', { host, headers: { range: 'bytes=-5' } })
    assert.deepEqual(tail.body, js.subarray(js.length - 5))
    const bad = await node.http('/assets/app-Ab3dE9fG.js', {
      host,
      headers: { range: `bytes=${js.length}-` },
    })
    assert.equal(bad.status, 416)
    assert.equal(bad.headers['content-range'], `bytes */${js.length}`)
  })

  test('gzip and brotli are negotiated and decode to the same bytes', async () => {
    const path = '/assets/app-Ab3dE9fG.js'
    const js = Buffer.from(files['assets/app-Ab3dE9fG.js'] as string)
    // Variants are computed once per hash off the event loop: the first requests may get identity.
    let br = await node.http(path, { host, headers: { 'accept-encoding': 'gzip, br' } })
    for (let i = 0; i < 50 && br.headers['content-encoding'] !== 'br'; i++) {
      await new Promise((r) => setTimeout(r, 20))
      br = await node.http(path, { host, headers: { 'accept-encoding': 'gzip, br' } })
    }
    assert.equal(br.headers['content-encoding'], 'br')
    assert.equal(br.headers.vary, 'Accept-Encoding')
    assert.deepEqual(brotliDecompressSync(br.body), js)
    const gz = await node.http(path, { host, headers: { 'accept-encoding': 'gzip' } })
    assert.equal(gz.headers['content-encoding'], 'gzip')
    assert.deepEqual(gunzipSync(gz.body), js)
    const none = await node.http(path, { host, headers: { 'accept-encoding': 'br;q=0, identity' } })
    assert.equal(none.headers['content-encoding'], undefined)
    assert.deepEqual(none.body, js)
    const png = await node.http('/img/logo.png', { host, headers: { 'accept-encoding': 'gzip, br' } })
    assert.equal(png.headers['content-encoding'], undefined)
  })

  test('a file too large to cache is streamed from the database, whole or by range, and pulled back exactly', async () => {
    const big = randomBytes(9 * 1024 * 1024 + 12345)
    const dir = writeSite({ 'video.mp4': big, 'index.html': 'x' })
    const r = await node.cli(['app', 'deploy', dir, '--name', 'huge'])
    assert.equal(r.code, 0, r.stderr)
    const whole = await node.http('/video.mp4', { host: 'huge.localhost' })
    assert.equal(whole.status, 200)
    assert.equal(whole.headers['content-type'], 'video/mp4')
    assert.equal(sha256(whole.body), sha256(big))
    const MiB = 1024 * 1024
    const part = await node.http('/video.mp4', {
      host: 'huge.localhost',
      headers: { range: `bytes=${MiB - 10}-${8 * MiB + 9}` },
    })
    assert.equal(part.status, 206)
    assert.deepEqual(part.body, big.subarray(MiB - 10, 8 * MiB + 10))
    const to = join(tempDir(), 'pulled')
    const pulled = await node.cli(['app', 'pull', 'huge', '--to', to])
    assert.equal(pulled.code, 0, pulled.stderr)
    assert.equal(sha256(readFileSync(join(to, 'video.mp4'))), sha256(big))
  })

  test('api/ and private/ are never served as static files', async () => {
    const n = await startNode()
    try {
      // api/* runs the app's functions (docs/functions.md): main.js answers, its source is never sent.
      const dir = writeSite({
        'index.html': 'home',
        'api/main.js': "respond(404, 'no') // secret",
        'private/key.txt': 'secret',
      })
      const r = await n.cli(['app', 'deploy', dir, '--name', 'hid', '--include-private'])
      assert.equal(r.code, 0, r.stderr)
      assert.equal(query(n.dataPath, "SELECT path FROM release_files WHERE path LIKE 'private/%'").length, 1)
      for (const p of ['/api/main.js', '/private/key.txt', '/private/key', '/private', '/api/main']) {
        const res = await n.http(p, { host: 'hid.localhost' })
        assert.equal(res.status, 404, p)
        assert.doesNotMatch(res.text(), /secret/, p)
      }
    } finally {
      await n.stop()
    }
  })

  test('the preview host serves that exact release; a CLI deploy is visible to the running node at once', async () => {
    const next = markedSite('two')
    const r = await node.cli(['--json', 'app', 'deploy', writeSite(next), '--name', 'blog'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.json<{ release: string }>().release, 'r2')
    // No wait: the node notices the other process's commit on the next request.
    assert.equal((await node.http('/about', { host })).text(), next['about.html'])
    assert.equal((await node.http('/about', { host: 'blog--r1.localhost' })).text(), files['about.html'])
    assert.equal((await node.http('/about', { host: 'blog--r2.localhost' })).text(), next['about.html'])
    assert.equal((await node.http('/about', { host: 'blog--r9.localhost' })).status, 404)
  })

  test('redeploying identical content uploads nothing and creates no release', async () => {
    const same = markedSite('two')
    const releases = count(node.dataPath, 'releases')
    const bodies = count(node.dataPath, 'bodies')
    const r = await node.cli(['--json', 'app', 'deploy', writeSite(same), '--name', 'blog'])
    assert.equal(r.code, 0, r.stderr)
    const out = r.json<{
      created: boolean
      release: string
      uploaded_files: number
      uploaded_bytes: number
    }>()
    assert.deepEqual([out.created, out.release, out.uploaded_files, out.uploaded_bytes], [false, 'r2', 0, 0])
    assert.equal(count(node.dataPath, 'releases'), releases)
    assert.equal(count(node.dataPath, 'bodies'), bodies)
    assert.equal(r.stderr, '')
  })
})
