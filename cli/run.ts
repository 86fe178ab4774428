import type { NodeContext } from '../node/core/context.js'
import type { ClientVerbName } from '../sdk/contract/catalogue.js'
import { AppError, EXIT } from '../sdk/contract/errors.js'
import type { Frame, VerbDef } from '../sdk/contract/verb.js'
import type { Globals } from './argv.js'
import type { ClientCall } from './client-verbs.js'
import { frameRenderer } from './output.js'
import { parseVerb } from './program.js'
import { render } from './render.js'

/** Parses the verb words, calls the verb (locally or on a peer) and renders its result. */
export async function run(rest: string[], globals: Globals): Promise<number> {
  if (rest[0] === '--version' || rest[0] === '-V') rest = ['version', ...rest.slice(1)]
  const parsed = await parseVerb(rest, {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  })
  if (!parsed) return EXIT.OK
  const { verb, params } = parsed
  if (verb.runs === 'client' && !verb.remote && globals.peer !== undefined) {
    throw new AppError('NOT_REMOTE', `${verb.name} only runs on the node's own machine`, {
      ...(verb.localHint ? { hint: verb.localHint } : {}),
    })
  }
  const { openTransport, openLocal } = await import('./transport.js')
  const transport = await openTransport(globals)
  let node: NodeContext | undefined
  const local = async () => {
    node ??= await openLocal(globals)
    return node
  }
  const frames = frameRenderer(globals)
  try {
    const onFrame = (f: Frame) => frames.onFrame(f)
    const result =
      verb.runs === 'client'
        ? await runInClient(verb, params, { transport, globals, onFrame, local })
        : await transport.call(verb.name, params, { onFrame })
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
    node?.close()
  }
}

/** A verb whose contract says it runs in the client (deploy, pull, server start). */
async function runInClient(verb: VerbDef, params: Record<string, unknown>, c: ClientCall): Promise<unknown> {
  const [{ clientVerbs }, { checkResult, validateParams }] = await Promise.all([
    import('./client-verbs.js'),
    import('../node/verbs/validate.js'),
  ])
  const run = clientVerbs[verb.name as ClientVerbName] as (c: ClientCall, p: unknown) => Promise<unknown>
  const result = await run(c, await validateParams(verb, params))
  await checkResult(verb, result)
  return result
}
