import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { openDatabase } from '../../../node/core/db-open.js'
import { insertApp, requireApp } from '../../../node/hosting/app-store.js'
import { exportAppStorage } from '../../../node/storage/app-transfer.js'
import { createStorage } from '../../../node/storage/storage.js'
import type { StorageExport } from '../../../sdk/contract/verbs/storage.js'
import { runCli } from '../../helpers/cli.js'
import { tempDir } from '../../helpers/paths.js'

/** A data file with apps src (full of awkward data), dst and other (a bystander with its own data). */
function setup(): { db: string; dir: string } {
  const dir = tempDir()
  const path = join(dir, 'data.db')
  const db = openDatabase(path)
  const now = Date.now()
  const src = insertApp(db, { name: 'src' }, now).id
  insertApp(db, { name: 'dst' }, now)
  const other = insertApp(db, { name: 'other' }, now).id
  const storage = createStorage(db)
  const s = storage.app(src)
  s.kv.set('plain', { nested: [1, 'two', null, { deep: true }] })
  s.kv.set('unicode/é😀', 'ok')
  s.kv.set('ttl', 'lives', 3_600_000)
  s.kv.set('gone', 'expires', 1)
  s.docs.insert('posts', {
    id: 'p1',
    title: 'hello',
    n: 2 ** 60,
    f: 0.1 + 0.2,
    tags: ['a'],
    __meta: { x: null },
  })
  s.docs.insert('posts', { title: 'generated id' })
  s.docs.insert('users', { id: "o'brien", name: '"quoted"' })
  s.blobs.put('img/a.bin', Buffer.from([0, 1, 2, 253, 254, 255]), 'image/png')
  s.blobs.put('empty', Buffer.alloc(0), 'text/plain')
  storage.app(other).kv.set('mine', 'other')
  db.close()
  return { db: path, dir }
}

const cli = (db: string, args: string[]) => runCli(['--db', db, ...args])

/** The same content as `storage export`, read in this process (cheaper than a CLI run in loops). */
function direct(path: string, name: string): Omit<StorageExport, 'app' | 'exportedAt'> {
  const db = openDatabase(path)
  try {
    const { app: _app, exportedAt: _at, ...rest } = exportAppStorage(db, requireApp(db, name).id, Date.now())
    return rest
  } finally {
    db.close()
  }
}

async function exported(db: string, app: string): Promise<Omit<StorageExport, 'app' | 'exportedAt'>> {
  const r = await cli(db, ['storage', 'export', app])
  assert.equal(r.code, 0, r.stderr)
  const { app: _app, exportedAt: _at, ...rest } = r.json<StorageExport>()
  return rest
}

test('storage stats counts each kind with bytes', async () => {
  const { db } = setup()
  await new Promise((r) => setTimeout(r, 5)) // let the 1 ms key expire
  const r = await cli(db, ['storage', 'stats', 'src', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const rows = r.json<{ kind: string; count: number; bytes: number }[]>()
  assert.deepEqual(
    rows.map((x) => [x.kind, x.count]),
    [
      ['kv', 3],
      ['docs', 3],
      ['blobs', 2],
    ],
  )
  assert.equal(rows[2]?.bytes, 6)
  const table = await cli(db, ['storage', 'stats', 'src'])
  assert.match(table.stdout, /KIND\s+COUNT\s+BYTES/)
  const missing = await cli(db, ['storage', 'stats', 'nope'])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /error: NOT_FOUND/)
})

test('export then import into another app reproduces everything exactly', async () => {
  const { db, dir } = setup()
  await new Promise((r) => setTimeout(r, 5))
  const out = await cli(db, ['storage', 'export', 'src'])
  assert.equal(out.code, 0, out.stderr)
  const file = join(dir, 'src.json')
  writeFileSync(file, out.stdout)
  const data = JSON.parse(out.stdout) as StorageExport
  assert.equal(data.format, 'fazt.storage/1')
  assert.deepEqual(
    data.kv.map((k) => k.key),
    ['plain', 'ttl', 'unicode/é😀'],
    'expired keys are not exported',
  )
  const imp = await cli(db, ['storage', 'import', 'dst', file, '--json'])
  assert.equal(imp.code, 0, imp.stderr)
  assert.deepEqual(imp.json(), { kv: 3, docs: 3, blobs: 2, expired: 0 })
  assert.deepEqual(await exported(db, 'dst'), await exported(db, 'src'))
  // Importing again merges (same entries overwrite themselves): still identical.
  assert.equal((await cli(db, ['storage', 'import', 'dst', file])).code, 0)
  assert.deepEqual(await exported(db, 'dst'), await exported(db, 'src'))
  // The bystander app was not touched.
  assert.deepEqual(
    (await exported(db, 'other')).kv.map((k) => k.value),
    ['other'],
  )
})

test('--replace drops what the app had; without it the file merges in', async () => {
  const { db, dir } = setup()
  const file = join(dir, 'src.json')
  writeFileSync(file, (await cli(db, ['storage', 'export', 'src'])).stdout)
  const other = join(dir, 'other.json')
  writeFileSync(other, (await cli(db, ['storage', 'export', 'other'])).stdout)
  assert.equal((await cli(db, ['storage', 'import', 'dst', other])).code, 0)
  assert.equal((await cli(db, ['storage', 'import', 'dst', file])).code, 0)
  assert.ok((await exported(db, 'dst')).kv.some((k) => k.key === 'mine'))
  assert.equal((await cli(db, ['storage', 'import', 'dst', file, '--replace'])).code, 0)
  assert.deepEqual(await exported(db, 'dst'), await exported(db, 'src'))
})

test('a bad import file changes nothing and says what is wrong', async () => {
  const { db, dir } = setup()
  const good = JSON.parse((await cli(db, ['storage', 'export', 'src'])).stdout) as StorageExport
  // dst starts with data of its own, which must survive every failed import.
  const seedFile = join(dir, 'seed.json')
  writeFileSync(seedFile, JSON.stringify({ ...good, kv: good.kv.slice(0, 1), docs: [], blobs: [] }))
  assert.equal((await cli(db, ['storage', 'import', 'dst', seedFile])).code, 0)
  const before = await exported(db, 'dst')
  assert.deepEqual(direct(db, 'dst'), before)

  const lastBlob = good.blobs.at(-1) as StorageExport['blobs'][number]
  const cases: [name: string, content: string, code: RegExp][] = [
    ['not JSON', '{"format": "fazt.storage/1", "kv": [', /INVALID_ARGUMENT.*not JSON/],
    [
      'another format',
      JSON.stringify({ ...good, format: 'other/1' }),
      /INVALID_ARGUMENT.*not a storage export/,
    ],
    [
      'a damaged blob at the end',
      JSON.stringify({ ...good, blobs: [...good.blobs.slice(0, -1), { ...lastBlob, hash: '0'.repeat(64) }] }),
      /blobs\[1\]: hash/,
    ],
    ['a wrong size', JSON.stringify({ ...good, blobs: [{ ...lastBlob, size: 99 }] }), /blobs\[0\]: size/],
    ['bad base64', JSON.stringify({ ...good, blobs: [{ ...lastBlob, data: '!!!' }] }), /base64/],
    [
      'a reserved field in data',
      JSON.stringify({ ...good, docs: [...good.docs, { ...good.docs[0], id: 'x', data: { id: 'y' } }] }),
      /docs\[3\]: data must not hold id/,
    ],
    ['a duplicate key', JSON.stringify({ ...good, kv: [...good.kv, good.kv[0]] }), /kv\[3\]: appears twice/],
    [
      'an oversized value',
      JSON.stringify({
        ...good,
        kv: [...good.kv, { ...good.kv[0], key: 'big', value: 'x'.repeat(1024 * 1024) }],
      }),
      /LIMIT_EXCEEDED/,
    ],
    [
      'an empty key',
      JSON.stringify({ ...good, kv: [{ ...good.kv[0], key: '' }] }),
      /kv\[0\]: key must not be empty/,
    ],
    [
      'a bad timestamp',
      JSON.stringify({ ...good, docs: [{ ...good.docs[0], createdAt: 'yesterday' }] }),
      /docs\[0\]: createdAt/,
    ],
    ['not an object', '[]', /must be a JSON object/],
  ]
  for (const [name, content, pattern] of cases) {
    const file = join(dir, `bad-${name.replaceAll(' ', '-')}.json`)
    writeFileSync(file, content)
    const r = await cli(db, ['storage', 'import', 'dst', file])
    assert.equal(r.code, 1, `${name}: ${r.stderr}`)
    assert.match(r.stderr, pattern, name)
    assert.deepEqual(direct(db, 'dst'), before, `${name}: dst unchanged`)
  }
  const missing = await cli(db, ['storage', 'import', 'dst', join(dir, 'nope.json')])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /NOT_FOUND/)
})
