// npm run bench -- NAME [NAME…]: runs dist/bench/NAME.js (built first by `npm run build`); no name lists them.

import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'

const all = readdirSync('dist/bench')
  .filter((f) => f.endsWith('.js'))
  .map((f) => f.slice(0, -3))
  .sort()
const names = process.argv.slice(2)
if (names.length === 0) {
  console.log(`benchmarks: ${all.join(', ')}\nrun: npm run build && npm run bench -- NAME`)
  process.exit(0)
}
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`no benchmark "${name}"; have: ${all.join(', ')}`)
    process.exit(2)
  }
  const r = spawnSync(process.execPath, [`dist/bench/${name}.js`], { stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
