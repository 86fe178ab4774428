import { findVerb } from '../../sdk/contract/catalogue.js'
import { AppError } from '../../sdk/contract/errors.js'
import type { Frame } from '../../sdk/contract/verb.js'
import type { Caller } from '../core/caller.js'
import type { NodeContext } from '../core/context.js'
import { handlerFor } from './handlers.js'
import { checkedFrames, checkResult, validateParams } from './validate.js'

export type Output = { kind: 'value'; value: unknown } | { kind: 'stream'; frames: AsyncIterable<Frame> }

/**
 * The one call path of every verb, local or from a peer: look up -> authorize -> validate -> run.
 * The CLI, the SDK and the peer gateway all end here.
 */
export async function dispatch(
  node: NodeContext,
  caller: Caller,
  name: string,
  params: unknown,
  signal: AbortSignal = new AbortController().signal,
): Promise<Output> {
  const verb = findVerb(name)
  if (!verb) {
    throw new AppError('UNKNOWN_VERB', `this node does not know the verb "${name}"`, {
      hint: 'the node may run an older fazt: upgrade it',
    })
  }
  if (caller.kind === 'stranger' && verb.open !== 'strangers') {
    throw new AppError('UNKNOWN_KEY', 'this node does not know your key', { hint: 'pair first' })
  }
  if (caller.kind === 'peer' && !verb.open) {
    if (!verb.remote) {
      throw new AppError('NOT_REMOTE', `${name} only runs on the node's own machine`, {
        ...(verb.localHint ? { hint: verb.localHint } : {}),
      })
    }
    if (!caller.scopes.includes(verb.scope)) {
      throw new AppError('MISSING_SCOPE', `peer ${caller.name} lacks scope "${verb.scope}" for ${name}`, {
        hint: `the owner of that node can run: fazt peer grant ${caller.name} --scopes ${verb.scope}`,
        details: { scope: verb.scope },
      })
    }
  }
  if (verb.runs === 'client') {
    // Deploy and pull read and write folders on the caller's machine; server start becomes the node.
    throw new AppError('INVALID_ARGUMENT', `${name} runs in the client, not on a node`, {
      hint: `use \`fazt [@peer] ${(verb.cli?.words ?? name.split('.')).join(' ')} …\`, or the verbs it is made of`,
    })
  }
  const handler = await handlerFor(name)
  if (!handler) throw new AppError('INTERNAL', `${name} has no handler on this node`)
  const valid = await validateParams(verb, params)
  const out = await handler({ node, caller, signal }, valid)
  if (verb.stream) return { kind: 'stream', frames: checkedFrames(verb, out as AsyncIterable<Frame>) }
  await checkResult(verb, out)
  return { kind: 'value', value: out }
}

/** Runs a verb to completion, passing stream frames to `onFrame`, and returns its result. */
export async function call(
  node: NodeContext,
  caller: Caller,
  name: string,
  params: unknown,
  onFrame?: (f: Frame) => void,
): Promise<unknown> {
  const out = await dispatch(node, caller, name, params)
  if (out.kind === 'value') return out.value
  for await (const f of out.frames) {
    if (f.type === 'result') return f.data
    if (f.type === 'error') throw AppError.from(f.error)
    onFrame?.(f)
  }
  throw new AppError('INTERNAL', `${name} ended without a result`)
}
