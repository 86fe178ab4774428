import { execFileSync, spawnSync } from 'node:child_process'

export interface WrkResult {
  rps: number
  p50_ms: number
  p99_ms: number
  errors: number
}

export function haveWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined
}

/** One wrk run (keep-alive HTTP/1.1). Latency percentiles from wrk's --latency table. */
export function wrk(
  url: string,
  opts: { seconds?: number; connections?: number; threads?: number; headers?: Record<string, string> } = {},
): WrkResult {
  const args = [
    '-t',
    String(opts.threads ?? 1),
    '-c',
    String(opts.connections ?? 50),
    '-d',
    `${opts.seconds ?? 5}s`,
    '--latency',
  ]
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`)
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8' })
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)
  const lat = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+([\\d.]+\\w+)`, 'm').exec(out)?.[1] ?? '0ms')
  const errors =
    Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0) +
    Number(/Socket errors:.*?timeout (\d+)/.exec(out)?.[1] ?? 0)
  return { rps, p50_ms: lat('50'), p99_ms: lat('99'), errors }
}

function toMs(s: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(s)
  if (!m) return Number.NaN
  const v = Number(m[1])
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v
}

export interface WrkCase {
  url: string
  headers?: Record<string, string>
}

/**
 * Warms every case up for a second, then runs them interleaved `runs` times, so drift on a shared
 * machine hits every case alike. Returns each case's results in run order.
 */
export function interleaved(
  cases: Record<string, WrkCase>,
  opts: { runs: number; seconds: number; connections?: number },
): Record<string, WrkResult[]> {
  const run = (c: WrkCase, seconds: number) =>
    wrk(c.url, {
      seconds,
      headers: c.headers ?? {},
      ...(opts.connections ? { connections: opts.connections } : {}),
    })
  for (const c of Object.values(cases)) run(c, 1)
  const out: Record<string, WrkResult[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]))
  for (let i = 0; i < opts.runs; i++) {
    for (const [name, c] of Object.entries(cases)) out[name]?.push(run(c, opts.seconds))
  }
  return out
}
