import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { tempDb } from '../helpers/paths.js'

test('--version prints the version and exits 0', async () => {
  const r = await runCli(['--version'])
  assert.equal(r.code, 0)
  assert.match(r.stdout, /^fazt \d+\.\d+\.\d+\n$/)
})

test('an unknown verb exits 2 with a suggestion and touches no data file', async () => {
  const db = tempDb()
  const r = await runCli(['--db', db, 'server', 'infp'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /^error: USAGE: unknown command 'infp'/m)
  assert.match(r.stderr, /^hint: did you mean info\?/m)
  assert.equal(existsSync(db), false)
})

test('an unknown top-level word exits 2 with a suggestion', async () => {
  const r = await runCli(['servr'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /unknown command 'servr'/)
  assert.match(r.stderr, /did you mean server/)
})

test('an unknown flag exits 2 and names the flag', async () => {
  const db = tempDb()
  const r = await runCli(['--db', db, 'server', 'info', '--colour'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /error: USAGE: unknown option '--colour'/)
  assert.equal(existsSync(db), false)
})

test('a bad value for a typed flag is a usage error', async () => {
  const r = await runCli(['--db', tempDb(), 'server', 'start', '--port', 'eighty'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /port: "eighty" is not a whole number/)
})

test('a value out of the schema range is refused by the verb (exit 1)', async () => {
  const r = await runCli(['--db', tempDb(), 'server', 'start', '--port', '70000'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /error: INVALID_ARGUMENT: server.start: port must be <= 65535/)
})

test('with --json, errors are one JSON object on stderr', async () => {
  const r = await runCli(['--json', 'server', 'nope'])
  assert.equal(r.code, 2)
  const body = JSON.parse(r.stderr) as { error: { code: string; message: string; hint?: string } }
  assert.equal(body.error.code, 'USAGE')
  assert.match(body.error.message, /nope/)
  assert.equal(r.stdout, '')
})

test('global flags work anywhere on the line', async () => {
  const db = tempDb()
  const a = await runCli(['server', 'info', '--db', db, '--json'])
  const b = await runCli(['--json', 'server', '--db', db, 'info'])
  assert.equal(a.code, 0, a.stderr)
  assert.equal(b.code, 0, b.stderr)
  assert.equal(a.json<{ data_file: string }>().data_file, db)
  assert.equal(b.json<{ data_file: string }>().data_file, db)
})

test('an unknown format is a usage error', async () => {
  const r = await runCli(['--format', 'xml', 'version'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /unknown format "xml"/)
})

test('a command group without a verb shows help and exits 2', async () => {
  const r = await runCli(['server'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /USAGE/)
})

test('help exits 0 and lists the verbs', async () => {
  const r = await runCli(['--help'])
  assert.equal(r.code, 0)
  for (const w of ['server', 'db', 'version']) assert.match(r.stdout, new RegExp(`\\b${w}\\b`))
})

test('@peer with no such peer fails clearly without touching the network', async () => {
  const r = await runCli(['--db', tempDb(), '@zyt', 'server', 'info'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /no peer named "zyt"/)
  assert.match(r.stderr, /hint: .*peer add/)
})

test('output formats: csv and json of the same record agree', async () => {
  const db = tempDb()
  const j = (await runCli(['--db', db, 'version', '--json'])).json<Record<string, unknown>>()
  const c = await runCli(['--db', db, 'version', '--format', 'csv'])
  assert.equal(c.code, 0)
  const lines = c.stdout.trim().split('\n')
  assert.equal(lines[0], 'key,value')
  assert.deepEqual(
    lines.slice(1),
    Object.entries(j).map(([k, v]) => `${k},${v}`),
  )
})
