import type { Globals } from './argv.js'

export interface Progress {
  add(n: number): void
  stop(): void
}

/** A byte progress bar on a terminal; nothing when piped, quiet or --json (docs/cli.md#output). */
export async function byteProgress(globals: Globals, total: number, label: string): Promise<Progress> {
  if (!process.stderr.isTTY || globals.format === 'json' || globals.quiet || total === 0) {
    return { add() {}, stop() {} }
  }
  const { default: cli } = await import('cli-progress')
  const bar = new cli.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% {done}/{all}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cli.Presets.shades_classic,
  )
  let done = 0
  bar.start(total, 0, { done: mib(0), all: mib(total) })
  return {
    add(n) {
      done += n
      bar.update(done, { done: mib(done), all: mib(total) })
    },
    stop() {
      bar.stop()
    },
  }
}

function mib(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`
}
