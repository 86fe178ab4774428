import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../../../node/core/db-open.js'
import { insertApp } from '../../../node/hosting/app-store.js'
import { createStorage } from '../../../node/storage/storage.js'
import { tempDb } from '../../helpers/paths.js'

const writer = fileURLToPath(new URL('./fixtures/crash-writer.js', import.meta.url))

/** Runs the writer, kills it with SIGKILL after `ms`, returns the lines it acknowledged. */
async function runAndKill(path: string, appId: string, ms: number): Promise<string[]> {
  const child = spawn(process.execPath, [writer, path, appId], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d
  })
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('close', (_code, signal) => r(signal)))
  // Start the clock once it is writing, so a slow start (a busy machine) still gets a fair run.
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (out.includes('\n')) {
        clearInterval(poll)
        resolve()
      } else if (child.exitCode !== null) {
        clearInterval(poll)
        reject(new Error(`writer exited early: ${err}`))
      }
    }, 5)
  })
  await new Promise((r) => setTimeout(r, ms))
  child.kill('SIGKILL')
  assert.equal(await exited, 'SIGKILL', err)
  // Only whole lines were acknowledged; a line cut by the kill was not.
  return out.slice(0, out.lastIndexOf('\n')).split('\n')
}

test('kill -9 of a process writing in a loop loses no acknowledged write and no unit half-way', async () => {
  for (let round = 0; round < 3; round++) {
    const path = tempDb()
    const setup = openDatabase(path)
    const appId = insertApp(setup, { name: 'crash' }, Date.now()).id
    setup.close()
    const acked = await runAndKill(path, appId, 150 + Math.floor(Math.random() * 600))
    assert.ok(acked.length > 50, `the writer got going (${acked.length} writes)`)
    if (process.env.SHOW) console.log(`round ${round}: ${acked.length} acknowledged writes`)

    const db = openDatabase(path)
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok')
    const s = createStorage(db).app(appId)
    for (const line of acked) {
      const [kind, n] = line.split(' ') as [string, string]
      const i = Number(n)
      if (kind === 'kv') assert.equal(s.kv.get(`k${i}`), i, line)
      else if (kind === 'doc') assert.equal(s.docs.findOne('docs', `d${i}`)?.i, i, line)
      else if (kind === 'unit') assert.equal(s.docs.findOne('units', `u${i}`)?.i, i, line)
      else assert.fail(`unexpected line ${line}`)
    }
    // Every unit in the file, acknowledged or caught mid-commit, is whole.
    for (const u of s.docs.find('units', {}, { limit: 1000 })) {
      const i = u.i as number
      assert.equal(s.kv.get(`u${i}-a`), i)
      assert.equal(s.kv.get(`u${i}-b`), i)
      assert.equal(s.blobs.get(`u${i}`)?.data.toString(), String(i))
    }
    const orphans = db
      .prepare(
        "SELECT count(*) FROM app_kv WHERE key LIKE 'u%' AND substr(key, 2, instr(key, '-') - 2) NOT IN (SELECT substr(id, 2) FROM app_docs WHERE collection = 'units')",
      )
      .pluck()
      .get()
    assert.equal(orphans, 0, 'no unit left a partial write')
    db.close()
  }
})
