// Functions (docs/functions.md) against their floors, same run, interleaved:
// - hello-world function req/s vs a bare node:http hello (target: at least 40%);
// - one KV write per request vs raw node:http + better-sqlite3 insert per request, WAL (target: 50%);
// - sandbox overhead per call, p50/p99, measured in process on a warm sandbox (target: p50 under 50 µs);
// - isolation: p99 latency of another app's static file and function, idle vs while one app spins
//   `while(true){}` at its time limit (target: within 2x of idle).
// Usage: npm run bench -- functions   (prints JSON). Needs wrk (apt-get install -y wrk).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_FUNCTION_LIMITS } from '../node/functions/limits.js'
import { capWasmMemory, Engine } from '../node/functions/quickjs-engine.js'
import { Sandbox } from '../node/functions/sandbox.js'
import { http } from '../test/helpers/http.js'
import { startNode } from '../test/helpers/node.js'
import { tempDir } from '../test/helpers/paths.js'
import { closedLoop } from './lib/closed-loop.js'
import { startFloor } from './lib/proc.js'
import { median, percentile, round } from './lib/stats.js'
import { haveWrk, interleaved } from './lib/wrk.js'

if (!haveWrk()) {
  console.error('wrk is needed: apt-get install -y wrk')
  process.exit(1)
}
const runs = Number(process.env.RUNS ?? 3)
const seconds = Number(process.env.SECONDS ?? 5)
const connections = Number(process.env.CONNECTIONS ?? 50)
const here = dirname(fileURLToPath(import.meta.url))

function site(files: Record<string, string>): string {
  const dir = join(tempDir('fazt-bench-fn-'), 'app')
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileSync(join(dir, p), body)
  }
  return dir
}

const HELLO = "module.exports = function () { return 'hello' }\n"
const apps = {
  bench: site({
    'api/hello.js': HELLO,
    'api/main.js': "function handler(req) { return respond('hello') }\nhandler(request)\n",
    'api/put.js':
      "var n = 0\nmodule.exports = function () { fazt.storage.kv.set('k' + n++, { at: 1 }); return 'ok' }\n",
  }),
  good: site({ 'index.html': `<!doctype html><p>${'static '.repeat(40)}</p>\n`, 'api/hello.js': HELLO }),
  evil: site({ 'api/spin.js': 'module.exports = function () { while (true) {} }\n' }),
}

// 1. Sandbox overhead: invoke() on a warm sandbox, in this process (no HTTP, no thread hop).
const overhead = await (async () => {
  capWasmMemory(DEFAULT_FUNCTION_LIMITS.memoryBytes)
  const host = { call: () => undefined, blobPut: () => undefined }
  const code = { appId: 'app_bench', appName: 'bench', release: 1, files: new Map([['api/hello.js', HELLO]]) }
  const sb = await Sandbox.create(Engine.load(), code, { ...DEFAULT_FUNCTION_LIMITS }, host)
  const req = JSON.stringify({
    method: 'GET',
    path: '/api/hello',
    query: {},
    headers: { host: 'bench.localhost' },
    params: {},
  })
  const entry = { file: 'api/hello.js', fallback: undefined }
  const lat: number[] = []
  for (let i = 0; i < 30_000; i++) {
    const t = process.hrtime.bigint()
    const out = sb.invoke(entry, req, null, false)
    if (i >= 5000) lat.push(Number(process.hrtime.bigint() - t) / 1000)
    if (out.kind !== 'response') throw new Error(`hello failed: ${JSON.stringify(out)}`)
  }
  sb.dispose()
  return { p50_us: round(percentile(lat, 50)), p99_us: round(percentile(lat, 99)), calls: lat.length }
})()

// 2. Throughput against the floors.
const fazt = await startNode()
const floorDir = tempDir('fazt-bench-floor-')
const bare = await startFloor(join(here, 'floors', 'node-http-hello.js'))
const sqlite = await startFloor(join(here, 'floors', 'node-http-sqlite.js'), [join(floorDir, 'floor.db')])
const samples: Record<string, number[]> = {
  hello: [],
  main_js: [],
  node_http: [],
  kv_write: [],
  sqlite_insert: [],
}
const errors: Record<string, number> = {}
let isolation: Record<string, unknown> = {}
try {
  for (const [name, dir] of Object.entries(apps)) {
    const r = await fazt.cli(['--json', 'app', 'deploy', dir, '--name', name])
    if (r.code !== 0) throw new Error(`deploy ${name} failed: ${r.stderr}`)
  }
  const host = { Host: 'bench.localhost' }
  const cases: Record<string, { url: string; headers?: Record<string, string> }> = {
    hello: { url: `${fazt.url}/api/hello`, headers: host },
    main_js: { url: `${fazt.url}/api/anything`, headers: host },
    node_http: { url: `http://127.0.0.1:${bare.port}/` },
    kv_write: { url: `${fazt.url}/api/put`, headers: host },
    sqlite_insert: { url: `http://127.0.0.1:${sqlite.port}/` },
  }
  for (const [name, rs] of Object.entries(interleaved(cases, { runs, seconds, connections }))) {
    samples[name] = rs.map((r) => r.rps)
    errors[name] = rs.reduce((n, r) => n + r.errors, 0)
  }
  isolation = await measureIsolation(fazt.url)
} finally {
  await fazt.stop()
  await bare.stop()
  await sqlite.stop()
}

async function measureIsolation(base: string): Promise<Record<string, unknown>> {
  const get = (path: string, host: string) => async () => {
    const r = await http(`${base}${path}`, { host, timeoutMs: 20_000 })
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
  }
  const probe = async () => ({
    static: await closedLoop(get('/', 'good.localhost'), 2, seconds),
    function: await closedLoop(get('/api/hello', 'good.localhost'), 2, seconds),
  })
  await closedLoop(get('/api/hello', 'good.localhost'), 2, 1)
  const idle = await probe()
  let spinning = true
  let spins = 0
  const spinner = async () => {
    while (spinning) {
      await http(`${base}/api/spin`, { host: 'evil.localhost', timeoutMs: 30_000 }).catch(() => {})
      spins++
    }
  }
  const spinners = [spinner(), spinner()]
  await new Promise((r) => setTimeout(r, 300))
  const busy = await probe()
  spinning = false
  await Promise.all(spinners)
  const side = (k: 'static' | 'function') => ({
    idle_p50_ms: round(idle[k].p50_ms, 3),
    idle_p99_ms: round(idle[k].p99_ms, 3),
    spin_p50_ms: round(busy[k].p50_ms, 3),
    spin_p99_ms: round(busy[k].p99_ms, 3),
    p99_ratio: round(busy[k].p99_ms / idle[k].p99_ms),
    errors: idle[k].errors + busy[k].errors,
  })
  return {
    tool: 'closed loop, 2 concurrent keep-alive requests',
    static: side('static'),
    function: side('function'),
    spin_requests: spins,
    target_p99_ratio_max: 2,
  }
}

const m = (k: string) => median(samples[k] ?? [])
console.log(
  JSON.stringify(
    {
      figure: 'functions',
      tool: `wrk -t1 -c${connections} keep-alive`,
      runs,
      seconds,
      hello: {
        fazt_rps: round(m('hello')),
        node_http_rps: round(m('node_http')),
        ratio: round(m('hello') / m('node_http')),
        main_js_rps: round(m('main_js')),
        main_js_ratio: round(m('main_js') / m('node_http')),
        target_ratio: 0.4,
      },
      kv_write: {
        fazt_rps: round(m('kv_write')),
        floor_rps: round(m('sqlite_insert')),
        ratio: round(m('kv_write') / m('sqlite_insert')),
        floor: 'node:http + better-sqlite3 insert per request',
        durability: 'WAL, synchronous=NORMAL (both)',
        target_ratio: 0.5,
      },
      sandbox_overhead: { ...overhead, target_p50_us: 50 },
      isolation,
      samples,
      errors,
    },
    null,
    2,
  ),
)
