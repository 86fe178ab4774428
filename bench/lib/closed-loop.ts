import { percentile } from './stats.js'

/** Runs `op` from `concurrency` loops for `seconds`; returns calls/s and latency percentiles (ms). */
export async function closedLoop(op: () => Promise<unknown>, concurrency: number, seconds: number) {
  const lat: number[] = []
  const end = performance.now() + seconds * 1000
  let errors = 0
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now()
      try {
        await op()
        lat.push(performance.now() - t)
      } catch {
        errors++
      }
    }
  }
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, loop))
  const elapsed = (performance.now() - t0) / 1000
  return { rps: lat.length / elapsed, p50_ms: percentile(lat, 50), p99_ms: percentile(lat, 99), errors }
}
