// CLI start-up time: `fazt --version` and `fazt server info` (in-process) beside `node -e 0`.
// Usage: npm run bench -- cli-startup   (prints JSON)
import { spawnSync } from 'node:child_process'
import { faztBin, tempDb } from '../test/helpers/paths.js'
import { median, round } from './lib/stats.js'

const n = Number(process.env.RUNS ?? 15)
const db = tempDb()
spawnSync(process.execPath, [faztBin, '--db', db, 'server', 'info'])

function time(args: string[]): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint()
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' })
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`)
    out.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return out
}

const samples: Record<string, number[]> = {}
for (let round_ = 0; round_ < 1; round_++) {
  samples.node = time(['-e', '0'])
  samples.version = time([faztBin, '--version'])
  samples.server_info = time([faztBin, '--db', db, 'server', 'info'])
  samples.help = time([faztBin, '--help'])
}
const m = (k: string) => median(samples[k] ?? [])
console.log(
  JSON.stringify(
    {
      figure: 'cli_startup_ms',
      runs: n,
      node_e0_ms: round(m('node'), 1),
      version_ms: round(m('version'), 1),
      server_info_ms: round(m('server_info'), 1),
      help_ms: round(m('help'), 1),
      version_ratio: round(m('version') / m('node')),
      server_info_ratio: round(m('server_info') / m('node')),
      target_ratio: 2,
    },
    null,
    2,
  ),
)
