// Runs every compiled *.test.js under dist/test (Node 20's --test takes no globs).

import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function find(dir) {
  const out = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...find(p))
    else if (name.endsWith('.test.js')) out.push(p)
  }
  return out
}
const filter = process.argv.slice(2)
let files = find('dist/test').sort()
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)))
if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}
// Every verb's answer is checked against its result schema, in this process and in every node and CLI
// the tests start (node/verbs/validate.ts), so the schemas stay true.
const env = { ...process.env, FAZT_CHECK_RESULTS: '1' }
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env })
process.exit(r.status ?? 1)
