// Signed `server info` calls per second A -> B, and p50/p99 latency, beside the same verb over unsigned
// loopback HTTP in the same run. The caller is this process, holding A's identity (as the CLI would).
// Usage: npm run bench -- peer   (prints JSON)
import { fileURLToPath } from 'node:url'
import { peerTransport } from '../node/peering/peer-calls.js'
import { startNode } from '../test/helpers/node.js'
import { pair } from '../test/helpers/peers.js'
import { closedLoop } from './lib/closed-loop.js'
import { startFloor } from './lib/proc.js'
import { median, round } from './lib/stats.js'

const runs = Number(process.env.RUNS ?? 3)
const seconds = Number(process.env.SECONDS ?? 4)
const concurrency = Number(process.env.CONCURRENCY ?? 16)

const [a, b] = await Promise.all([startNode({ host: '127.0.0.2' }), startNode({ host: '127.0.0.3' })])
await pair(a, b, 'b', 'read')
const floor = await startFloor(fileURLToPath(new URL('./floors/unsigned-verb.js', import.meta.url)), [
  b.dataPath,
  '127.0.0.4',
])
const signed = peerTransport(a.dataPath, 'b')
const unsignedUrl = `http://127.0.0.4:${floor.port}/`
const body = JSON.stringify({ verb: 'server.info', params: {} })
const ops = {
  signed: () => signed.call('server.info', {}),
  unsigned: async () => {
    const r = await fetch(unsignedUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    })
    if (!r.ok) throw new Error(String(r.status))
    return r.json()
  },
}
const samples: Record<string, { rps: number; p50_ms: number; p99_ms: number; errors: number }[]> = {
  signed: [],
  unsigned: [],
}
try {
  await closedLoop(ops.signed, concurrency, 1)
  await closedLoop(ops.unsigned, concurrency, 1)
  for (let i = 0; i < runs; i++) {
    for (const [name, op] of Object.entries(ops))
      samples[name]?.push(await closedLoop(op, concurrency, seconds))
  }
} finally {
  signed.close?.()
  await floor.stop()
  await Promise.all([a.stop(), b.stop()])
}
const m = (k: string, f: 'rps' | 'p50_ms' | 'p99_ms') => median((samples[k] ?? []).map((s) => s[f]))
console.log(
  JSON.stringify(
    {
      figure: 'peer_rpc',
      verb: 'server.info',
      transport: 'http loopback, sealed + signed (RFC 9421 profile, Ed25519 via node:crypto)',
      concurrency,
      runs,
      seconds,
      signed_rps: round(m('signed', 'rps'), 0),
      unsigned_rps: round(m('unsigned', 'rps'), 0),
      ratio: round(m('signed', 'rps') / m('unsigned', 'rps')),
      target_ratio: 0.5,
      latency_ms: {
        signed: { p50: round(m('signed', 'p50_ms')), p99: round(m('signed', 'p99_ms')) },
        unsigned: { p50: round(m('unsigned', 'p50_ms')), p99: round(m('unsigned', 'p99_ms')) },
      },
      errors: {
        signed: samples.signed?.reduce((s, x) => s + x.errors, 0),
        unsigned: samples.unsigned?.reduce((s, x) => s + x.errors, 0),
      },
    },
    null,
    2,
  ),
)
