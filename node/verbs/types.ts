import type { Frame, ParamsOf, ResultOf, VerbDef } from '../../sdk/contract/verb.js'
import type { Caller } from '../core/caller.js'
import type { NodeContext } from '../core/context.js'

export interface VerbCall {
  node: NodeContext
  caller: Caller
  signal: AbortSignal
}

/** A handler returns its result, or for a streaming verb an async iterable of frames ending in `result`. */
export type Handler<V extends VerbDef> = (
  call: VerbCall,
  params: ParamsOf<V>,
) => ResultOf<V> | Promise<ResultOf<V>> | AsyncIterable<Frame>

// biome-ignore lint/suspicious/noExplicitAny: the registry holds handlers of every verb type.
export type AnyHandler = (call: VerbCall, params: any) => unknown
