// How a verb call reaches a node: in-process (node/local-transport.ts) or over the signed peer protocol.
// Portable: no node: built-ins here.
import type { Frame } from './contract/verb.js'

export interface CallOptions {
  /** Receives progress and data frames of streaming verbs. */
  onFrame?: (frame: Frame) => void
  signal?: AbortSignal
}

export interface Transport {
  call(verb: string, params: unknown, opts?: CallOptions): Promise<unknown>
  close?(): void | Promise<void>
}
