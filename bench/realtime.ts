// Realtime fanout and memory of a real fazt node against a raw `ws` floor, same run (docs/realtime.md, issue 6):
// - deliveries/s to 1 000 and 5 000 subscribers (one publisher, a window of messages in flight) and
//   p50/p99 publish -> receive latency (one message in flight), fazt / floor;
// - server memory per idle connection at 10 000 connections (RSS delta after GC), fazt / floor.
// Servers and the client swarm run in separate processes; runs alternate between fazt and the floor and
// figures are medians. Prints JSON. Env: RUNS (3), SIZES (1000,5000), IDLE (10000).
// Usage: npm run build && npm run bench -- realtime
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { median, round } from './lib/stats.js'

type Kind = 'floor' | 'fazt'
const here = dirname(fileURLToPath(import.meta.url))
const RUNS = Number(process.env.RUNS ?? 3)
const SIZES = (process.env.SIZES ?? '1000,5000').split(',').map(Number)
const IDLE = Number(process.env.IDLE ?? 10_000)
const MESSAGES: Record<number, number> = { 1000: 600, 5000: 150 }
const ROUNDS = 40
const WINDOW = 8

interface Child {
  proc: ChildProcess
  /** The next stdout line matching `re`. */
  line(re: RegExp, timeoutMs?: number): Promise<string>
  send(line: string): void
  stop(): Promise<void>
}

/** A child with `ulimit -n` raised to the hard limit (10 000 sockets need more than the usual 1024). */
function child(args: string[]): Child {
  const cmd = `ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`
  const proc = spawn('sh', ['-c', cmd, process.execPath, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines: string[] = []
  const waiters: { re: RegExp; resolve(l: string): void }[] = []
  createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    const i = waiters.findIndex((w) => w.re.test(l))
    if (i >= 0) waiters.splice(i, 1)[0]?.resolve(l)
    else lines.push(l)
  })
  const exited = new Promise<void>((r) => proc.once('exit', () => r()))
  return {
    proc,
    line(re, timeoutMs = 300_000) {
      const i = lines.findIndex((l) => re.test(l))
      if (i >= 0) return Promise.resolve(lines.splice(i, 1)[0] as string)
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${re} from ${args.join(' ')}`)), timeoutMs)
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t)
            resolve(l)
          },
        })
        exited.then(() => reject(new Error(`${args.join(' ')} exited`)))
      })
    },
    send: (l) => proc.stdin?.write(`${l}\n`),
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM')
      await exited
    },
  }
}

async function server(kind: Kind): Promise<{ c: Child; url: string }> {
  const c = child(['--expose-gc', join(here, 'realtime', 'servers.js'), kind])
  const port = Number((await c.line(/^PORT /, 30_000)).split(' ')[1])
  return { c, url: `ws://127.0.0.1:${port}/_ws` }
}

const pid = (c: Child) => c.proc.pid as number
function cpuSeconds(p: number): number {
  const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(f[11]) + Number(f[12])) / 100 // utime + stime, in clock ticks of 10 ms
}
function rssBytes(p: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]) * 1024
}
/**
 * Collects garbage twice with a pause between, so RSS reflects live memory rather than GC timing.
 * Returns the JS heap in use plus external memory (buffers) as the server sees it.
 */
async function gc(c: Child): Promise<number> {
  let heap = 0
  for (let i = 0; i < 2; i++) {
    c.send('gc')
    heap = Number((await c.line(/^GC /)).slice(3))
    await new Promise((r) => setTimeout(r, 300))
  }
  return heap
}

interface Fanout {
  deliveries_per_s: number
  p50_ms: number
  p99_ms: number
  server_cpu_us_per_delivery: number
  /** Where the bottleneck is: the swarm's CPU per delivery (its receive work), not the server's. */
  swarm_cpu_us_per_delivery: number
}

async function fanout(kind: Kind, n: number): Promise<Fanout> {
  const s = await server(kind)
  const m = MESSAGES[n] ?? Math.ceil(600_000 / n)
  const sw = child([
    join(here, 'realtime', 'swarm.js'),
    'fanout',
    kind,
    s.url,
    'bench.localhost',
    ...[n, m, ROUNDS, WINDOW].map(String),
  ])
  try {
    await sw.line(/^PHASE throughput/)
    const cpu0 = cpuSeconds(pid(s.c))
    const swarm0 = cpuSeconds(pid(sw))
    await sw.line(/^PHASE latency/)
    const cpu1 = cpuSeconds(pid(s.c))
    const swarm1 = cpuSeconds(pid(sw))
    const r = JSON.parse((await sw.line(/^RESULT /)).slice(7)) as Fanout & { deliveries: number }
    return {
      ...r,
      server_cpu_us_per_delivery: ((cpu1 - cpu0) * 1e6) / r.deliveries,
      swarm_cpu_us_per_delivery: ((swarm1 - swarm0) * 1e6) / r.deliveries,
    }
  } finally {
    await sw.stop()
    await s.c.stop()
  }
}

async function idleMemory(kind: Kind): Promise<{ rss: number; heap: number }> {
  const s = await server(kind)
  try {
    const heapBefore = await gc(s.c)
    const before = rssBytes(pid(s.c))
    const sw = child([join(here, 'realtime', 'swarm.js'), 'idle', s.url, 'bench.localhost', String(IDLE)])
    await sw.line(/^READY$/)
    await new Promise((r) => setTimeout(r, 1000))
    const heapAfter = await gc(s.c)
    const after = rssBytes(pid(s.c))
    sw.send('close')
    await sw.line(/^RESULT /)
    await sw.stop()
    return { rss: (after - before) / IDLE, heap: (heapAfter - heapBefore) / IDLE }
  } finally {
    await s.c.stop()
  }
}

const out: Record<string, unknown> = {
  bench: 'realtime',
  node: process.version,
  cpus: cpus().length,
  runs: RUNS,
}
const fan: Record<string, unknown> = {}
for (const n of SIZES) {
  const got: Record<Kind, Fanout[]> = { floor: [], fazt: [] }
  for (let r = 0; r < RUNS; r++) {
    // Alternate the order, so drift on a shared machine hits both alike.
    for (const kind of (r % 2 ? ['fazt', 'floor'] : ['floor', 'fazt']) as Kind[])
      got[kind].push(await fanout(kind, n))
  }
  const med = (k: Kind) => {
    const pick = (f: keyof Fanout) => median(got[k].map((x) => x[f]))
    return {
      deliveries_per_s: Math.round(pick('deliveries_per_s')),
      p50_ms: round(pick('p50_ms')),
      p99_ms: round(pick('p99_ms')),
      server_cpu_us_per_delivery: round(pick('server_cpu_us_per_delivery'), 3),
      swarm_cpu_us_per_delivery: round(pick('swarm_cpu_us_per_delivery'), 3),
    }
  }
  const fazt = med('fazt')
  const floor = med('floor')
  fan[n] = {
    fazt,
    floor,
    ratio: {
      deliveries_per_s: round(fazt.deliveries_per_s / floor.deliveries_per_s),
      p50: round(fazt.p50_ms / floor.p50_ms),
      p99: round(fazt.p99_ms / floor.p99_ms),
      server_cpu_per_delivery: round(fazt.server_cpu_us_per_delivery / floor.server_cpu_us_per_delivery),
    },
    samples: got,
  }
}
out.fanout = fan

const mem: Record<Kind, { rss: number; heap: number }[]> = { floor: [], fazt: [] }
for (let r = 0; r < RUNS; r++)
  for (const kind of ['floor', 'fazt'] as Kind[]) mem[kind].push(await idleMemory(kind))
const faztMem = median(mem.fazt.map((m) => m.rss))
const floorMem = median(mem.floor.map((m) => m.rss))
const faztHeap = median(mem.fazt.map((m) => m.heap))
const floorHeap = median(mem.floor.map((m) => m.heap))
out.idle_memory = {
  connections: IDLE,
  // RSS growth per connection (what the machine pays; the target's measure) ...
  fazt_bytes_per_connection: Math.round(faztMem),
  floor_bytes_per_connection: Math.round(floorMem),
  ratio: round(faztMem / floorMem),
  // ... and JS heap + external growth per connection (steadier; excludes native socket state).
  fazt_heap_bytes_per_connection: Math.round(faztHeap),
  floor_heap_bytes_per_connection: Math.round(floorHeap),
  heap_ratio: round(faztHeap / floorHeap),
  samples: mem,
}
const ratios = SIZES.map((n) => (fan[n] as { ratio: { deliveries_per_s: number } }).ratio.deliveries_per_s)
out.targets = {
  deliveries_at_least_80pct_of_floor: ratios.every((x) => x >= 0.8),
  memory_at_most_1_5x_floor: faztMem / floorMem <= 1.5,
}
console.log(JSON.stringify(out, null, 2))
