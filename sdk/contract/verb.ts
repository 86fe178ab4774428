// A verb is data: the contract shared by the CLI, the peer gateway, the SDK and the admin UI
// (docs/architecture.md). The schemas are TypeBox values: each is the JSON schema ajv validates with
// and, through `Static`, the TypeScript type of the same data, so the two can never drift.
// Portable: no node: built-ins here.
import type { Static, TSchema } from '@sinclair/typebox'

export const SCOPES = ['read', 'deploy', 'admin', 'sql:write', 'system'] as const
export type Scope = (typeof SCOPES)[number]

/** A JSON schema as plain data (what the CLI and the reference generator read of a TypeBox schema). */
export type JsonSchema = Record<string, unknown>

export interface CliHints {
  /** Command words; default: the verb name split on dots (`app.list` -> `app list`). */
  words?: readonly string[]
  /** Param names taken from positional arguments, in order. A trailing `...` makes the last variadic. */
  args?: readonly string[]
  /** One-letter aliases for flags: `{ n: 'lines' }`. */
  short?: Readonly<Record<string, string>>
  /**
   * How a result renders in table form: `list` (rows), `record` (key/value), `plain` (text as is), `grid`
   * (a result `{columns: [{name}], rows: [[value, …]]}`, as from `sql`; without `columns`, a record).
   */
  output?: 'list' | 'record' | 'plain' | 'none' | 'grid'
  /** Columns for `list` output, in order; default: keys of the first row. */
  columns?: readonly string[]
}

export interface VerbDef<P extends TSchema = TSchema, R extends TSchema = TSchema> {
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
   * `client`: the verb runs in the calling program, not on a node: it reads or writes the caller's
   * folders, composed from other verbs (deploy, pull), or it becomes the node (server start). No node
   * has a handler for it, and the CLI's table of client verbs must name it.
   */
  runs?: 'client'
  /** Returns a stream of frames ending in a `result` frame rather than one value. */
  stream?: boolean
  /** Acts on state held in the running node's memory (realtime hubs): the CLI sends it to that node. */
  needsNode?: true
  params: P
  result: R
  cli?: CliHints
}

/** Freezes a verb and keeps its literal name and flags in its type (the handler tables key on them). */
export function defineVerb<const D extends VerbDef>(def: D): D {
  return Object.freeze(def)
}

export type ParamsOf<V extends VerbDef> = Static<V['params']>
export type ResultOf<V extends VerbDef> = Static<V['result']>

/** Frames of a streaming verb (NDJSON on the wire). */
export type Frame =
  | { type: 'progress'; done: number; total?: number; unit?: 'bytes' | 'items'; label?: string }
  | { type: 'data'; data: unknown }
  | { type: 'heartbeat' }
  | { type: 'result'; data: unknown }
  | { type: 'error'; error: { code: string; message: string; hint?: string } }
