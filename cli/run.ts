import { EXIT } from '../sdk/contract/errors.js'
import type { Globals } from './argv.js'
import { frameRenderer } from './output.js'
import { parseVerb } from './program.js'
import { render } from './render.js'

/** Verbs the client composes from others (they read or write local folders); loaded only when used. */
const COMPOSED = new Set(['app.deploy', 'app.pull'])

/** Parses the verb words, calls the verb (locally or on a peer) and renders its result. */
export async function run(rest: string[], globals: Globals): Promise<number> {
  if (rest[0] === '--version' || rest[0] === '-V') rest = ['version', ...rest.slice(1)]
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
    // Deploy and pull read or write local folders: the client composes them from JSON-only verbs.
    const composed = COMPOSED.has(verb.name)
      ? (await import('./deploy-verbs.js')).composedVerbs[verb.name]
      : undefined
    const result = composed
      ? await composed(transport, params, globals)
      : await transport.call(verb.name, params, { onFrame: (f) => frames.onFrame(f) })
    if (!globals.quiet || globals.format === 'json') {
      await render(result, globals.format, verb.cli ?? {}, {
        write: (s) => process.stdout.write(s),
        isTTY: !!process.stdout.isTTY,
      })
    }
    return EXIT.OK
  } finally {
    frames.done()
    await transport.close?.()
  }
}
