import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { startNode, type TestNode } from '../../helpers/node.js'
import { faztBin } from '../../helpers/paths.js'
import { count, type Files, integrity, markedSite, sha256, writeSite } from './site-fixture.js'

const host = 'live.localhost'
const paths = Object.keys(markedSite('x'))

describe('readers only ever see whole releases', () => {
  let node: TestNode
  const ok = async (args: string[]) => {
    const r = await node.cli(['--json', ...args])
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    return r.json<{ release?: string }>()
  }
  before(async () => {
    node = await startNode()
  })
  after(() => node.stop())

  test('while deploys and rollbacks run, every response is one release’s file, whole', async () => {
    // Every release's files carry its marker; a response must be exactly some release's version of that
    // path, with headers (ETag, length) from the same version.
    const known = new Map<string, Set<string>>() // path -> acceptable body hashes
    const learn = (files: Files) => {
      for (const [p, b] of Object.entries(files)) {
        const set = known.get(p) ?? new Set<string>()
        set.add(sha256(b))
        known.set(p, set)
      }
    }
    const sites = Array.from({ length: 5 }, (_, i) => markedSite(`release-${i + 1}`))
    for (const s of sites) learn(s)
    await ok(['app', 'deploy', writeSite(sites[0] as Files), '--name', 'live'])
    let stop = false
    let checked = 0
    const markersSeen = new Set<string>()
    const reader = async () => {
      while (!stop) {
        const path = paths[Math.floor(Math.random() * paths.length)] as string
        const r = await node.http(`/${path}`, { host })
        assert.equal(r.status, 200, path)
        const h = sha256(r.body)
        assert.ok(known.get(path)?.has(h), `${path}: body from no release`)
        assert.equal(r.headers.etag, `"${h}"`, `${path}: headers and body from different releases`)
        assert.equal(Number(r.headers['content-length']), r.body.length)
        const m = /release-(\d)/.exec(r.body.toString('latin1'))
        if (m) markersSeen.add(m[1] as string)
        checked++
      }
    }
    const readers = Array.from({ length: 6 }, reader)
    for (const s of sites.slice(1)) await ok(['app', 'deploy', writeSite(s), '--name', 'live'])
    for (const to of ['r2', 'r5', 'r1', 'r4']) await ok(['app', 'rollback', 'live', '--to', to])
    await ok(['app', 'rollback', 'live'])
    stop = true
    await Promise.all(readers)
    assert.ok(checked > 100, `only ${checked} responses`)
    assert.ok(markersSeen.size >= 3, `saw releases ${[...markersSeen]}`)
    // Previews are pinned: each always serves its own release.
    for (let i = 1; i <= 5; i++) {
      const r = await node.http('/about', { host: `live--r${i}.localhost` })
      assert.equal(r.text(), sites[i - 1]?.['about.html'])
    }
  })
})

describe('a deploy killed midway leaves the previous release serving and the database whole', () => {
  const big = (): Files => {
    const files: Files = { 'index.html': `<p>big ${Math.random()}</p>` }
    for (let i = 0; i < 24; i++) files[`blob/${i}.bin`] = randomBytes(2 * 1024 * 1024)
    return files
  }
  const small: Files = { 'index.html': '<p>previous</p>', 'a.txt': 'previous a' }

  function spawnDeploy(dataPath: string, dir: string) {
    const child = spawn(
      process.execPath,
      [faztBin, '--db', dataPath, '--json', 'app', 'deploy', dir, '--name', 'app'],
      {
        stdio: 'ignore',
      },
    )
    const exited = new Promise<void>((r) => child.on('exit', () => r()))
    return { child, exited }
  }
  async function waitForUpload(dataPath: string, baseline: number): Promise<void> {
    const deadline = Date.now() + 20_000
    while (count(dataPath, 'body_chunks') <= baseline) {
      if (Date.now() > deadline) throw new Error('the deploy never started uploading')
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  async function assertPreviousServes(node: TestNode) {
    assert.equal((await node.http('/', { host: 'app.localhost' })).text(), small['index.html'])
    assert.equal((await node.http('/a.txt', { host: 'app.localhost' })).text(), small['a.txt'])
  }

  test('kill -9 of the CLI mid-upload', async () => {
    const node = await startNode()
    try {
      assert.equal((await node.cli(['app', 'deploy', writeSite(small, 'app')])).code, 0)
      const baseline = count(node.dataPath, 'body_chunks')
      const site = writeSite(big(), 'app')
      const d = spawnDeploy(node.dataPath, site)
      await waitForUpload(node.dataPath, baseline)
      d.child.kill('SIGKILL')
      await d.exited
      assert.equal(count(node.dataPath, 'releases'), 1)
      await assertPreviousServes(node)
      assert.equal(integrity(node.dataPath), 'ok')
      // Deploying again finishes the job: the chunks already there are simply rewritten or skipped.
      const again = await node.cli(['--json', 'app', 'deploy', site])
      assert.equal(again.code, 0, again.stderr)
      assert.equal(again.json<{ release: string }>().release, 'r2')
      assert.equal((await node.http('/blob/3.bin', { host: 'app.localhost' })).body.length, 2 * 1024 * 1024)
    } finally {
      await node.stop()
    }
  })

  test('kill -9 of the node and the CLI mid-deploy (a crash), then a restart', async () => {
    const node = await startNode()
    const baseline = count(node.dataPath, 'body_chunks')
    assert.equal((await node.cli(['app', 'deploy', writeSite(small, 'app')])).code, 0)
    const d = spawnDeploy(node.dataPath, writeSite(big(), 'app'))
    await waitForUpload(node.dataPath, baseline + 2)
    await node.kill()
    d.child.kill('SIGKILL')
    await d.exited
    assert.equal(integrity(node.dataPath), 'ok')
    assert.equal(count(node.dataPath, 'releases'), 1)
    const again = await startNode({ dataPath: node.dataPath })
    try {
      await assertPreviousServes(again)
    } finally {
      await again.stop()
    }
  })

  test('kill -9 of the node alone mid-deploy: the deploy completes, the restarted node serves it whole', async () => {
    const node = await startNode()
    const baseline = count(node.dataPath, 'body_chunks')
    assert.equal((await node.cli(['app', 'deploy', writeSite(small, 'app')])).code, 0)
    const files = big()
    const d = spawnDeploy(node.dataPath, writeSite(files, 'app'))
    await waitForUpload(node.dataPath, baseline + 2)
    await node.kill()
    await d.exited
    assert.equal(d.child.exitCode, 0)
    assert.equal(integrity(node.dataPath), 'ok')
    const again = await startNode({ dataPath: node.dataPath })
    try {
      for (const [p, b] of Object.entries(files)) {
        assert.equal(sha256((await again.http(`/${p}`, { host: 'app.localhost' })).body), sha256(b), p)
      }
    } finally {
      await again.stop()
    }
  })
})
