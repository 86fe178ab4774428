import assert from 'node:assert/strict'
import { fork } from 'node:child_process'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { SqlPool } from '../../../node/sql/sql-pool.js'
import { AppError } from '../../../sdk/contract/errors.js'
import { countRows, seededDb } from './fixture.js'

// The sql worker pool in this process: statements run in worker processes, a runaway one is killed at
// its limit, and the calling event loop never stalls.

const FOREVER = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'
const read = (query: string) => ({ query, write: false, limit: 1000 })

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  assert.fail('expected a failure')
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(20)
  return !alive(pid)
}

/** Runs `work` while a 10 ms interval measures how late this event loop gets. */
async function loopLag<T>(work: () => Promise<T>): Promise<{ value: T; worstGapMs: number }> {
  let last = performance.now()
  let worst = 0
  const timer = setInterval(() => {
    const now = performance.now()
    worst = Math.max(worst, now - last)
    last = now
  }, 10)
  try {
    return { value: await work(), worstGapMs: worst }
  } finally {
    clearInterval(timer)
  }
}

test('a query that runs forever is stopped at its limit, without stalling the caller', async () => {
  const pool = new SqlPool(seededDb())
  try {
    await pool.run(read('SELECT 1'), 10_000) // warm: the worker start is not part of the limit anyway
    const [pid] = pool.pids()
    const started = performance.now()
    const { value: err, worstGapMs } = await loopLag(() => failure(pool.run(read(FOREVER), 800)))
    const took = performance.now() - started
    assert.equal(err.code, 'TIMEOUT')
    assert.match(err.message, /longer than 800 ms and was stopped/)
    assert.match(err.hint ?? '', /--timeout-ms/)
    assert.ok(took >= 790 && took < 3000, `stopped after ${took} ms`)
    assert.ok(worstGapMs < 250, `the event loop stalled for ${worstGapMs} ms`)
    assert.ok(await gone(pid as number), 'the runaway worker is gone')
    // A fresh worker takes its place on demand.
    assert.deepEqual((await pool.run(read('SELECT 2'), 10_000)).rows, [[2]])
    assert.notEqual(pool.pids()[0], pid)
  } finally {
    pool.close()
  }
})

test('a warm worker answers the next statement without a new process', async () => {
  const pool = new SqlPool(seededDb())
  try {
    await pool.run(read('SELECT 1'), 10_000)
    const pids = pool.pids()
    const times: number[] = []
    for (let i = 0; i < 20; i++) {
      const t = performance.now()
      await pool.run(read("SELECT value FROM settings WHERE key = 'greeting'"), 10_000)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    assert.deepEqual(pool.pids(), pids)
    assert.ok((times[10] as number) < 50, `median warm statement ${times[10]} ms`)
  } finally {
    pool.close()
  }
})

test('a write killed in the middle leaves no partial rows and no lock behind', async () => {
  const path = seededDb()
  const pool = new SqlPool(path)
  try {
    await pool.run({ query: 'CREATE TABLE nums (x INTEGER)', write: true, limit: 1 }, 10_000)
    const forever =
      'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO nums SELECT x FROM c'
    const err = await failure(pool.run({ query: forever, write: true, limit: 1 }, 800))
    assert.equal(err.code, 'TIMEOUT')
    const t = performance.now()
    const ok = await pool.run({ query: 'INSERT INTO nums VALUES (42)', write: true, limit: 1 }, 10_000)
    assert.equal(ok.changes, 1)
    assert.ok(performance.now() - t < 4000, 'the write lock was released with the killed worker')
    assert.equal(countRows(path, 'nums'), 1)
  } finally {
    pool.close()
  }
})

test('a runaway statement does not hold up a quick one, and a cancelled call stops its worker', async () => {
  const pool = new SqlPool(seededDb(), { max: 2 })
  try {
    const slow = failure(pool.run(read(FOREVER), 3000))
    await sleep(50)
    const t = performance.now()
    assert.deepEqual((await pool.run(read('SELECT 7'), 10_000)).rows, [[7]])
    assert.ok(performance.now() - t < 2500, 'the quick statement ran beside the slow one')
    assert.equal((await slow).code, 'TIMEOUT')

    const ac = new AbortController()
    const call = failure(pool.run(read(FOREVER), 10_000, ac.signal))
    await sleep(300)
    const busy = pool.pids()
    ac.abort()
    assert.equal((await call).code, 'UNAVAILABLE')
    for (const pid of busy) if (!pool.pids().includes(pid)) assert.ok(await gone(pid))
  } finally {
    pool.close()
  }
})

test('statements beyond the pool wait their turn, and each gets its own time limit', async () => {
  const pool = new SqlPool(seededDb(), { max: 1 })
  try {
    const first = failure(pool.run(read(FOREVER), 600))
    const second = pool.run(read('SELECT 3'), 5000)
    assert.equal((await first).code, 'TIMEOUT')
    assert.deepEqual((await second).rows, [[3]])
  } finally {
    pool.close()
  }
})

test('a worker left running past its deadline ends itself, even with no pool timer to kill it', async () => {
  const entry = fileURLToPath(new URL('../../../node/sql/sql-worker.js', import.meta.url))
  const worker = fork(entry, [seededDb()], { execArgv: [], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] })
  const exited = new Promise<NodeJS.Signals | null>((r) => worker.once('exit', (_code, signal) => r(signal)))
  try {
    await new Promise((r) => worker.once('message', r)) // ready
    const started = performance.now()
    worker.send({ id: 1, req: read(FOREVER), timeoutMs: 200 })
    const signal = await exited
    const took = performance.now() - started
    assert.equal(signal, 'SIGKILL')
    assert.ok(took >= 2150 && took < 6000, `ended itself after ${took} ms (limit 200 ms + 2 s grace)`)
  } finally {
    worker.kill('SIGKILL')
  }
})
