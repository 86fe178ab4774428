import { readFileSync } from 'node:fs'
import { AppError, EXIT } from '../sdk/contract/errors.js'
import type { Globals } from './argv.js'
import { splitGlobals } from './argv.js'
import { frameRenderer, reportError } from './output.js'

/** `fazt …`: argv -> one verb call (local or @peer) -> rendered output and an exit code (SPEC §7). */
export async function main(argv: string[]): Promise<void> {
  // Fast path: nothing but the version file is loaded.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    process.stdout.write(`fazt ${pkg.version}\n`)
    return
  }
  let globals: Globals = { format: 'table', quiet: false, debug: false }
  try {
    const split = splitGlobals(argv)
    globals = split.globals
    process.exitCode = await run(split.rest, globals)
  } catch (e) {
    process.exitCode = reportError(e, globals)
  }
}

async function run(rest: string[], globals: Globals): Promise<number> {
  if (rest[0] === '--version' || rest[0] === '-V') rest = ['version', ...rest.slice(1)]
  const { parseVerb } = await import('./program.js')
  const parsed = await parseVerb(rest, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  })
  if (!parsed) return EXIT.OK
  const { verb, params } = parsed
  const { openTransport } = await import('./transport.js')
  const transport = await openTransport(globals)
  const frames = frameRenderer(globals)
  try {
    const result = await transport.call(verb.name, params, { onFrame: (f) => frames.onFrame(f) })
    frames.done()
    const { render } = await import('./render.js')
    if (!globals.quiet || globals.format === 'json') {
      await render(result, globals.format, verb.cli ?? {}, {
        write: (s) => process.stdout.write(s),
        isTTY: !!process.stdout.isTTY,
      })
    }
    return EXIT.OK
  } catch (e) {
    frames.done()
    if (e instanceof AppError) throw e
    throw e
  } finally {
    await transport.close?.()
  }
}
