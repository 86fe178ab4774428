// Health endpoint req/s of a real fazt node, beside bare fastify and bare node:http in the same run.
// Usage: npm run bench -- health   (prints JSON)
import { fileURLToPath } from 'node:url'
import { startNode } from '../test/helpers/node.js'
import { startFloor } from './lib/proc.js'
import { median, round } from './lib/stats.js'
import { haveWrk, interleaved, type WrkResult } from './lib/wrk.js'

if (!haveWrk()) {
  console.error('wrk is needed: apt-get install -y wrk')
  process.exit(1)
}
const runs = Number(process.env.RUNS ?? 3)
const seconds = Number(process.env.SECONDS ?? 5)
const floorFile = (n: string) => fileURLToPath(new URL(`./floors/${n}.js`, import.meta.url))

const fazt = await startNode()
const fastify = await startFloor(floorFile('fastify-hello'))
const bare = await startFloor(floorFile('node-http-hello'))
const targets = {
  fazt: `${fazt.url}/_fazt/health`,
  fastify: `http://127.0.0.1:${fastify.port}/_fazt/health`,
  node_http: `http://127.0.0.1:${bare.port}/_fazt/health`,
}
let raw: Record<string, WrkResult[]>
try {
  raw = interleaved(Object.fromEntries(Object.entries(targets).map(([k, url]) => [k, { url }])), {
    runs,
    seconds,
  })
} finally {
  await fazt.stop()
  await fastify.stop()
  await bare.stop()
}
const results = Object.fromEntries(Object.entries(raw).map(([k, rs]) => [k, rs.map((r) => r.rps)]))
const p99 = Object.fromEntries(Object.entries(raw).map(([k, rs]) => [k, rs.map((r) => r.p99_ms)]))
const m = (k: string) => median(results[k] ?? [])
console.log(
  JSON.stringify(
    {
      figure: 'health_rps',
      tool: 'wrk -t1 -c50 keep-alive',
      runs,
      seconds,
      fazt_rps: round(m('fazt'), 0),
      fastify_hello_rps: round(m('fastify'), 0),
      node_http_rps: round(m('node_http'), 0),
      ratio_to_fastify: round(m('fazt') / m('fastify')),
      ratio_to_node_http: round(m('fazt') / m('node_http')),
      p99_ms: {
        fazt: median(p99.fazt ?? []),
        fastify: median(p99.fastify ?? []),
        node_http: median(p99.node_http ?? []),
      },
      samples: results,
    },
    null,
    2,
  ),
)
