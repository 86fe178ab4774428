import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { startNode } from '../helpers/node.js'
import { tempDir } from '../helpers/paths.js'

const require = createRequire(import.meta.url)

test('db backup while the node serves and another process writes gives an intact copy', async () => {
  const node = await startNode()
  const dir = tempDir()
  // A writer in its own process, committing rows as fast as it can.
  const script = `const D=require(${JSON.stringify(require.resolve('better-sqlite3'))});const d=new D(process.argv[1]);d.pragma('busy_timeout=5000');d.exec('CREATE TABLE IF NOT EXISTS bench_rows (i INTEGER PRIMARY KEY, v TEXT)');const ins=d.prepare('INSERT INTO bench_rows (v) VALUES (?)');const big='x'.repeat(2000);let n=0;const end=Date.now()+4000;while(Date.now()<end){ins.run(big+n++)}d.close()`
  const writer = spawn(process.execPath, ['-e', script, node.dataPath], { stdio: 'inherit' })
  const writerDone = new Promise((r) => writer.on('exit', r))
  try {
    await new Promise((r) => setTimeout(r, 800))
    const file = join(dir, 'copy.db')
    const r = await node.cli(['db', 'backup', file, '--json'])
    assert.equal(r.code, 0, r.stderr)
    const out = r.json<{ file: string; bytes: number; integrity: string }>()
    assert.equal(out.file, file)
    assert.equal(out.integrity, 'ok')
    const copy = new Database(file, { readonly: true })
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok')
    const rows = copy.prepare('SELECT count(*) FROM bench_rows').pluck().get() as number
    assert.ok(rows > 0, 'the copy holds rows written before it started')
    assert.ok((copy.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number) >= 1)
    copy.close()
    assert.equal((await node.http('/_fazt/health')).status, 200)
  } finally {
    await writerDone
    await node.stop()
  }
})

test('db backup refuses to overwrite the data file itself and a missing folder', async () => {
  const node = await startNode()
  try {
    const a = await node.cli(['db', 'backup', node.dataPath])
    assert.equal(a.code, 1)
    assert.match(a.stderr, /cannot be the data file itself/)
    const b = await node.cli(['db', 'backup', join(tempDir(), 'no', 'such', 'dir', 'x.db')])
    assert.equal(b.code, 1)
    assert.match(b.stderr, /does not exist/)
  } finally {
    await node.stop()
  }
})

test('db backup cannot be run on a peer', async () => {
  const node = await startNode()
  try {
    const r = await node.cli(['@other', 'db', 'backup', '/tmp/x.db'])
    assert.notEqual(r.code, 0)
  } finally {
    await node.stop()
  }
})
