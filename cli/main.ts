import { readFileSync } from 'node:fs'
import type { Globals } from './argv.js'
import { splitGlobals } from './argv.js'
import { reportError } from './output.js'

/** `fazt …`: argv -> one verb call (local or @peer) -> rendered output and an exit code (docs/cli.md). */
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
    // One dynamic import loads the whole CLI graph in parallel; --version above never pays for it.
    const { run } = await import('./run.js')
    process.exitCode = await run(split.rest, globals)
  } catch (e) {
    process.exitCode = reportError(e, globals)
  }
}
