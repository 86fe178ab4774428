// A verb is data: the contract shared by the CLI, the peer gateway, the SDK and the admin UI (ARCHITECTURE §2).
// Portable: no node: built-ins here.

export const SCOPES = ['read', 'deploy', 'admin', 'sql:write', 'system'] as const
export type Scope = (typeof SCOPES)[number]

/** A JSON schema, as ajv reads it. Kept loose on purpose: the schema is data. */
export type JsonSchema = Record<string, unknown>

export interface CliHints {
  /** Command words; default: the verb name split on dots (`app.list` -> `app list`). */
  words?: string[]
  /** Param names taken from positional arguments, in order. A trailing `...` makes the last variadic. */
  args?: string[]
  /** One-letter aliases for flags: `{ n: 'lines' }`. */
  short?: Record<string, string>
  /**
   * How a result renders in table form: `list` (rows), `record` (key/value), `plain` (text as is), `grid`
   * (a result `{columns: [{name}], rows: [[value, …]]}`, as from `sql`; without `columns`, a record).
   */
  output?: 'list' | 'record' | 'plain' | 'none' | 'grid'
  /** Columns for `list` output, in order; default: keys of the first row. */
  columns?: string[]
}

export interface VerbDef<P = unknown, R = unknown> {
  name: string
  summary: string
  /** Scope a peer needs to call it. Local callers hold every scope. */
  scope: Scope
  /** May a peer call it? Verbs that touch local files or the local process say false. */
  remote: boolean
  /** Why it is local-only, shown as the hint when a peer call is refused. */
  localHint?: string
  /**
   * Who may call it remotely besides peers holding `scope`: `strangers` (any verified key: pairing) or
   * `peers` (any paired peer, whatever its scopes: announcing its own key rotation).
   */
  open?: 'strangers' | 'peers'
  /**
   * `client`: the verb runs in the calling program, not on a node (it reads or writes the caller's
   * folders, composed from other verbs, or it becomes the node: server start). No node has a handler.
   */
  runs?: 'client'
  /** Returns a stream of frames rather than one value. */
  stream?: boolean
  /** Acts on state held in the running node's memory (realtime hubs): the CLI sends it to that node. */
  needsNode?: true
  params: JsonSchema
  result: JsonSchema
  cli?: CliHints
  /** Phantom fields carrying the TypeScript types of params and result. */
  readonly __params?: P
  readonly __result?: R
}

export function defineVerb<P, R>(def: VerbDef<P, R>): VerbDef<P, R> {
  return Object.freeze(def)
}

export type ParamsOf<V> = V extends VerbDef<infer P, unknown> ? P : never
export type ResultOf<V> = V extends VerbDef<unknown, infer R> ? R : never

/** Frames of a streaming verb (NDJSON on the wire). */
export type Frame =
  | { type: 'progress'; done: number; total?: number; unit?: 'bytes' | 'items'; label?: string }
  | { type: 'data'; data: unknown }
  | { type: 'heartbeat' }
  | { type: 'result'; data: unknown }
  | { type: 'error'; error: { code: string; message: string; hint?: string } }

export const noParams = { type: 'object', properties: {}, additionalProperties: false } as const
