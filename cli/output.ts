import { AppError, exitCodeOf } from '../sdk/contract/errors.js'
import type { Frame } from '../sdk/contract/verb.js'
import type { Globals } from './argv.js'
import { cell, text } from './render.js'

/** docs/cli.md#errors-and-exit-codes: `error: CODE: message` and `hint: …` on stderr, or one JSON object with --json. Returns the exit code. */
export function reportError(e: unknown, globals: Pick<Globals, 'format' | 'debug'>): number {
  const err =
    e instanceof AppError ? e : new AppError('INTERNAL', (e as Error)?.message ?? String(e), { cause: e })
  if (globals.format === 'json') {
    process.stderr.write(`${JSON.stringify({ error: err.toJSON() })}\n`)
  } else {
    const tty = process.stderr.isTTY
    const red = (s: string) => (tty ? `\u001b[31m${s}\u001b[39m` : s)
    process.stderr.write(`${red('error:')} ${err.code}: ${err.message}\n`)
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`)
  }
  if (globals.debug) {
    const cause = err.cause ?? err
    process.stderr.write(`${(cause as Error)?.stack ?? String(cause)}\n`)
  }
  return exitCodeOf(err.code)
}

/** Shows the frames of streaming verbs as they arrive: progress on a terminal, data as lines. */
export function frameRenderer(globals: Globals): { onFrame(f: Frame): void; done(): void } {
  const showProgress = process.stderr.isTTY && globals.format !== 'json' && !globals.quiet
  let bar: { update(n: number, p?: object): void; setTotal(n: number): void; stop(): void } | undefined
  let pending: Promise<void> | undefined
  return {
    onFrame(f) {
      if (f.type === 'data') {
        const d = f.data as { fact?: string; value?: string }
        if (globals.format === 'json') process.stdout.write(`${JSON.stringify(f.data)}\n`)
        else if (d && typeof d.fact === 'string')
          process.stdout.write(`${d.fact.padEnd(10)} ${d.value ?? ''}\n`)
        else process.stdout.write(`${line(f.data)}\n`)
      } else if (f.type === 'progress' && showProgress) {
        if (!bar && !pending) {
          pending = import('cli-progress').then(({ default: p }) => {
            const b = new p.SingleBar(
              {
                format: `${f.label ?? 'progress'} [{bar}] {percentage}% {value}/{total}`,
                hideCursor: true,
                stream: process.stderr,
              },
              p.Presets.shades_classic,
            )
            b.start(f.total ?? 0, f.done)
            bar = b
          })
        }
        if (bar) {
          if (f.total !== undefined) bar.setTotal(f.total)
          bar.update(f.done)
        }
      }
    },
    done() {
      bar?.stop()
    },
  }
}

/** One streamed record as one readable line (a log entry: `at  level  request  message`). */
function line(data: unknown): string {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return text(data)
  return Object.entries(data as Record<string, unknown>)
    .filter(([k]) => k !== 'id')
    .map(([k, v]) => cell(k, v))
    .join('  ')
}
