import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startNode, type TestNode } from '../../helpers/node.js'
import { tempDir } from '../../helpers/paths.js'
import { count, type Files, markedSite, query, run, writeSite } from './site-fixture.js'

const host = 'site.localhost'

function readTree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {}
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[relative(dir, p)] = readFileSync(p)
    }
  }
  walk(dir)
  return out
}
const asBuffers = (files: Files) =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]))

describe('releases, rollback, fork, lineage, remove, pull', () => {
  let node: TestNode
  const ok = async <T = unknown>(args: string[]): Promise<T> => {
    const r = await node.cli(['--json', ...args])
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`)
    return r.json<T>()
  }
  const v1 = markedSite('v1')
  const v2 = { ...markedSite('v2'), 'new/only-in-v2.txt': 'fresh' }

  before(async () => {
    node = await startNode()
    await ok(['app', 'deploy', writeSite(v1), '--name', 'site'])
    await ok(['app', 'deploy', writeSite(v2), '--name', 'site'])
  })
  after(() => node.stop())

  test('rollback restores the previous release byte for byte, and --to moves forward again', async () => {
    const releases = await ok<{ release: string; current: boolean }[]>(['app', 'releases', 'site'])
    assert.deepEqual(
      releases.map((r) => `${r.release}${r.current ? '*' : ''}`),
      ['r2*', 'r1'],
    )
    assert.deepEqual(await ok(['app', 'rollback', 'site']), { app: 'site', from: 'r2', to: 'r1' })
    for (const [path, body] of Object.entries(v1)) {
      assert.deepEqual((await node.http(`/${path}`, { host })).body, Buffer.from(body), path)
    }
    assert.equal((await node.http('/new/only-in-v2.txt', { host })).status, 404)
    const none = await node.cli(['app', 'rollback', 'site'])
    assert.equal(none.code, 1)
    assert.match(none.stderr, /no release before r1/)
    await ok(['app', 'rollback', 'site', '--to', 'r2'])
    assert.equal((await node.http('/new/only-in-v2.txt', { host })).text(), 'fresh')
    assert.equal((await node.cli(['app', 'rollback', 'site', '--to', 'r7'])).code, 1)
    const info = await ok<{ release: string; releases: number }>(['app', 'info', 'site'])
    assert.equal(info.release, 'r2')
    assert.equal(info.releases, 2)
  })

  test('fork serves the same files without copying a single body; lineage shows the tree', async () => {
    const bodies = count(node.dataPath, 'bodies')
    const chunks = count(node.dataPath, 'body_chunks')
    const forked = await ok<{ app: string; release: string; alias: string }>([
      'app',
      'fork',
      'site',
      '--as',
      'site-b',
    ])
    assert.deepEqual([forked.app, forked.release, forked.alias], ['site-b', 'r1', 'site-b'])
    await ok(['app', 'fork', 'site-b', '--as', 'site-c', '--no-storage'])
    assert.equal(count(node.dataPath, 'bodies'), bodies)
    assert.equal(count(node.dataPath, 'body_chunks'), chunks)
    for (const [path, body] of Object.entries(v2)) {
      assert.deepEqual(
        (await node.http(`/${path}`, { host: 'site-b.localhost' })).body,
        Buffer.from(body),
        path,
      )
    }
    const tree = await ok<{ path: string; depth: number }[]>(['app', 'lineage', 'site-c'])
    assert.deepEqual(
      tree.map((r) => r.path),
      ['site', 'site > site-b', 'site > site-b > site-c'],
    )
    const info = await ok<{ forked_from: string; original_id: string; id: string }>(['app', 'info', 'site-c'])
    const root = await ok<{ id: string }>(['app', 'info', 'site'])
    assert.equal(info.forked_from, 'site-b')
    assert.equal(info.original_id, root.id)
  })

  test('fork copies the app storage unless --no-storage; remove deletes it with the app', async () => {
    const id = (await ok<{ id: string }>(['app', 'info', 'site'])).id
    run(
      node.dataPath,
      "INSERT INTO app_kv (app_id, key, value, created_at, updated_at) VALUES (?, 'k', '1', 0, 0)",
      id,
    )
    await ok(['app', 'fork', 'site', '--as', 'kv-copy'])
    await ok(['app', 'fork', 'site', '--as', 'kv-none', '--no-storage'])
    const kv = (app: string) =>
      query(node.dataPath, 'SELECT key FROM app_kv k JOIN apps a ON a.id = k.app_id WHERE a.name = ?', app)
        .length
    assert.deepEqual([kv('site'), kv('kv-copy'), kv('kv-none')], [1, 1, 0])
    const copyId = (await ok<{ id: string }>(['app', 'info', 'kv-copy'])).id
    await ok(['app', 'remove', 'kv-copy'])
    await ok(['app', 'remove', 'kv-none'])
    assert.equal(query(node.dataPath, 'SELECT key FROM app_kv WHERE app_id = ?', copyId).length, 0)
  })

  test('pull reproduces the deployed files exactly', async () => {
    const to = join(tempDir(), 'pulled')
    const r = await ok<{ release: string; files: number }>(['app', 'pull', 'site', '--to', to])
    assert.equal(r.release, 'r2')
    assert.deepEqual(readTree(to), asBuffers(v2))
    const again = await node.cli(['app', 'pull', 'site', '--to', to])
    assert.equal(again.code, 1)
    assert.match(again.stderr, /not empty/)
  })

  test('remove frees what only that app used, keeps what others share, in one go with --with-forks', async () => {
    await ok([
      'app',
      'deploy',
      writeSite({ 'index.html': 'solo', 'unique.txt': 'only mine' }),
      '--name',
      'solo',
    ])
    await ok(['app', 'deploy', writeSite({ 'index.html': 'shared-body', 'x.txt': 'x' }), '--name', 'keeper'])
    await ok(['app', 'deploy', writeSite({ 'index.html': 'shared-body', 'y.txt': 'y' }), '--name', 'leaver'])
    const before = count(node.dataPath, 'bodies')
    const soloOut = await ok<{ removed: string[]; bodies_freed: number }>(['app', 'remove', 'solo'])
    assert.deepEqual(soloOut.removed, ['solo'])
    assert.equal(soloOut.bodies_freed, 2)
    const leaverOut = await ok<{ bodies_freed: number }>(['app', 'remove', 'leaver'])
    assert.equal(leaverOut.bodies_freed, 1, 'y.txt only: index.html is still used by keeper')
    assert.equal(count(node.dataPath, 'bodies'), before - 3)
    assert.equal((await node.http('/', { host: 'keeper.localhost' })).text(), 'shared-body')
    assert.equal((await node.http('/', { host: 'solo.localhost' })).status, 404)
    // The fork tree goes in one transaction; the bodies it shared with nobody else go with it.
    const out = await ok<{ removed: string[]; aliases: string[] }>(['app', 'remove', 'site', '--with-forks'])
    assert.deepEqual(out.removed.sort(), ['site', 'site-b', 'site-c'])
    assert.deepEqual(out.aliases.sort(), ['site', 'site-b', 'site-c'])
    const orphans = query(
      node.dataPath,
      'SELECT hash FROM bodies WHERE hash NOT IN (SELECT hash FROM release_files)',
    )
    assert.deepEqual(orphans, [])
    assert.equal(count(node.dataPath, 'body_chunks'), count(node.dataPath, 'bodies'))
    const apps = await ok<{ name: string }[]>(['app', 'list'])
    assert.deepEqual(
      apps.map((a) => a.name),
      ['keeper'],
    )
  })
})
