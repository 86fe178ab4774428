import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CliResult, runCli } from '../helpers/cli.js'
import { faztBin } from '../helpers/paths.js'
import { countRows, fileDigest, refusedReads, seededDb } from '../node/sql/fixture.js'

// `fazt sql` as a user runs it: the real CLI in a child process against a data file with secrets in it.

const sql = (db: string, ...args: string[]) => runCli(['--db', db, 'sql', ...args])

/** Runs `fn` over `items`, `width` at a time (the box has two cores and is shared). */
async function inBatches<T, R>(items: T[], width: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += width)
    out.push(...(await Promise.all(items.slice(i, i + width).map(fn))))
  return out
}

const EXIT: Record<string, number> = { READ_ONLY: 1, PERMISSION_DENIED: 77, INVALID_ARGUMENT: 1 }

test('without --write every statement that could change anything is refused, and nothing changes', async () => {
  const db = seededDb()
  const dir = dirname(db)
  await sql(db, 'SELECT 1') // the first CLI open settles the file; from here on it must not change
  const before = fileDigest(db)
  const cases = refusedReads(dir)
  // `--` keeps a query that starts with a dash (a comment) from being read as a flag.
  const results = await inBatches(cases, 3, ([q]) => sql(db, '--', q))
  cases.forEach(([q, code], i) => {
    const r = results[i] as CliResult
    assert.equal(r.stdout, '', q)
    assert.match(r.stderr, new RegExp(`^error: ${code}: `), q)
    assert.equal(r.code, EXIT[code], q)
    if (code === 'READ_ONLY') assert.match(r.stderr, /^hint: add --write/m, q)
  })
  assert.equal(fileDigest(db), before, 'the data file is byte for byte the same')
  assert.equal(countRows(db, 'settings'), 2)
  assert.equal(existsSync(`${dir}/copy.db`), false, 'VACUUM INTO created no copy')
  assert.equal(existsSync(`${dir}/x.db`), false, 'ATTACH created no file')
})

test('secret tables stay unreadable: directly, through a subquery, or through a view made with --write', async () => {
  const db = seededDb()
  const reads = [
    'SELECT * FROM secret_identity',
    'SELECT * FROM secret_invites',
    'SELECT sign_seed FROM (SELECT * FROM secret_identity)',
    'WITH s AS (SELECT secret FROM secret_invites) SELECT * FROM s',
    'SELECT key FROM settings UNION ALL SELECT hex(sign_seed) FROM secret_identity',
  ]
  for (const r of await inBatches(reads, 3, (q) => sql(db, q))) {
    assert.equal(r.code, 77)
    assert.match(r.stderr, /^error: PERMISSION_DENIED: secret_(identity|invites) holds secrets/)
    assert.equal(r.stdout, '')
  }
  const view = await sql(db, '--write', 'CREATE VIEW peek AS SELECT sign_seed FROM secret_identity')
  assert.equal(view.code, 0, view.stderr)
  const peek = await sql(db, 'SELECT * FROM peek')
  assert.equal(peek.code, 77)
  assert.match(peek.stderr, /secret_identity holds secrets/)
  const trigger = await sql(
    db,
    '--write',
    'CREATE TRIGGER t AFTER INSERT ON secret_invites BEGIN SELECT 1; END',
  )
  assert.equal(trigger.code, 77)
  const schema = await sql(db, '--json', "SELECT name FROM pragma_table_info('secret_identity')")
  assert.equal(schema.code, 0, schema.stderr)
  assert.deepEqual(schema.json<{ rows: string[][] }>().rows.flat(), [
    'id',
    'node_id',
    'first_key',
    'sign_seed',
    'box_secret',
    'created_at',
  ])
})

test('--write runs an ordinary write and reports what changed', async () => {
  const db = seededDb()
  const ins = await sql(
    db,
    '--write',
    "INSERT INTO settings (key, value, updated_at) VALUES ('theme', 'dark', 1)",
  )
  assert.equal(ins.code, 0, ins.stderr)
  assert.equal(ins.stdout, 'changes            1\nlast insert rowid  3\n')
  const upd = await runCli(['--db', db, '--json', 'sql', "UPDATE settings SET value = 'x'", '--write'])
  assert.deepEqual(upd.json(), { changes: 3, last_insert_rowid: null })
  assert.equal(countRows(db, 'settings'), 3)
  const dup = await sql(db, '--write', "INSERT INTO settings VALUES ('theme', 'again', 2)")
  assert.equal(dup.code, 1)
  assert.match(dup.stderr, /^error: CONFLICT: UNIQUE constraint failed: settings.key$/m)
})

test('a statement that runs forever is stopped at its limit with exit 75', async () => {
  const db = seededDb()
  const started = performance.now()
  const r = await sql(
    db,
    'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
    '--timeout-ms',
    '700',
  )
  const took = performance.now() - started
  assert.equal(r.code, 75)
  assert.equal(
    r.stderr,
    'error: TIMEOUT: the statement ran longer than 700 ms and was stopped\nhint: narrow the query, or allow more time with --timeout-ms (up to 120000)\n',
  )
  assert.ok(took < 8000, `the CLI returned after ${took} ms`)
})

test('syntax errors, two statements and usage errors are told apart', async () => {
  const db = seededDb()
  const syntax = await sql(db, 'SELEC 1')
  assert.equal(syntax.code, 1)
  assert.equal(syntax.stderr, 'error: INVALID_ARGUMENT: near "SELEC": syntax error\n')
  const two = await sql(db, 'SELECT 1; SELECT 2')
  assert.equal(two.code, 1)
  assert.match(two.stderr, /^error: INVALID_ARGUMENT: sql runs exactly one statement per call/)
  const json = await runCli(['--db', db, '--json', 'sql', 'SELECT * FROM nope'])
  assert.deepEqual(JSON.parse(json.stderr), {
    error: { code: 'INVALID_ARGUMENT', message: 'no such table: nope' },
  })
  const limit = await sql(db, 'SELECT 1', '--limit', '0')
  assert.equal(limit.code, 1)
  assert.match(limit.stderr, /^error: INVALID_ARGUMENT: sql: limit must be >= 1/)
  const missing = await sql(db)
  assert.equal(missing.code, 2)
})

function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    )
  } catch {
    return []
  }
}

const running = (pid: number) =>
  existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))

test('when the CLI is killed in the middle of a statement, its sql worker stops too', async () => {
  const db = seededDb()
  const forever = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c'
  const cli = spawn(process.execPath, [faztBin, '--db', db, 'sql', forever, '--timeout-ms', '100000'], {
    stdio: 'ignore',
  })
  const exited = new Promise((r) => cli.once('exit', r))
  try {
    let workers: number[] = []
    for (let i = 0; i < 200 && workers.length === 0; i++) {
      await sleep(50)
      workers = childrenOf(cli.pid as number)
    }
    assert.equal(workers.length, 1, 'the statement runs in a worker process')
    await sleep(300)
    cli.kill('SIGKILL')
    await exited
    const worker = workers[0] as number
    for (let i = 0; i < 100 && running(worker); i++) await sleep(30)
    assert.equal(running(worker), false, 'the orphaned worker ended itself')
  } finally {
    cli.kill('SIGKILL')
  }
})
