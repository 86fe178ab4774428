import type { Frame, ParamsOf, ResultOf, Scope, VerbDef } from '../../sdk/contract/verb.js'
import type { NodeContext } from '../context.js'

export type Caller =
  | { kind: 'local' }
  | { kind: 'peer'; peerId: string; name: string; keyId: string; scopes: readonly Scope[] }
  /** A verified but unpinned key: may only ask to pair (PEERS.md §3.3 step 6). */
  | { kind: 'stranger'; keyId: string }

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
