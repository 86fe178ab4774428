import type { Frame, ParamsOf, ResultOf, VerbDef } from '../../sdk/contract/verb.js'
import type { Caller } from '../core/caller.js'
import type { NodeContext } from '../core/context.js'

export interface VerbCall {
  node: NodeContext
  caller: Caller
  signal: AbortSignal
}

/**
 * A verb's behaviour, typed by its contract: params as its schema says (defaults filled in), and its
 * result as its result schema says, or for a streaming verb frames ending in a `result` frame.
 */
export type Handler<V extends VerbDef> = (
  call: VerbCall,
  params: ParamsOf<V>,
) => V extends { stream: true } ? AsyncIterable<Frame> : ResultOf<V> | Promise<ResultOf<V>>
