// Every verb fazt knows. Adding a verb: a contract in verbs/ (named after its CLI words), a handler in
// node/verbs/ under the same name (the handler table does not compile without it), a test.

import type { VerbDef } from './verb.js'
import * as alias from './verbs/alias.js'
import * as app from './verbs/app.js'
import * as appEnv from './verbs/app-env.js'
import * as appFiles from './verbs/app-files.js'
import * as db from './verbs/db.js'
import * as node from './verbs/node.js'
import * as peer from './verbs/peer.js'
import * as realtime from './verbs/realtime.js'
import * as server from './verbs/server.js'
import * as sql from './verbs/sql.js'
import * as storage from './verbs/storage.js'
import * as version from './verbs/version.js'

const verbs = <T extends Record<string, unknown>>(mod: T) =>
  Object.values(mod).filter((v): v is Extract<T[keyof T], VerbDef> => isVerb(v))
const isVerb = (v: unknown): v is VerbDef =>
  typeof v === 'object' && v !== null && typeof (v as VerbDef).name === 'string' && 'params' in v

const all = [
  ...verbs(version),
  ...verbs(server),
  ...verbs(db),
  ...verbs(app),
  ...verbs(appFiles),
  ...verbs(appEnv),
  ...verbs(alias),
  ...verbs(realtime),
  ...verbs(storage),
  ...verbs(node),
  ...verbs(peer),
  ...verbs(sql),
]

/** Every verb with its precise type (name, flags, schemas). */
export type Verb = (typeof all)[number]
export type VerbName = Verb['name']
export type VerbNamed<N extends VerbName> = Extract<Verb, { name: N }>
/** Verbs a node runs (the handler table names every one). */
export type NodeVerbName = Exclude<Verb, { runs: 'client' }>['name']
/** Verbs the calling program runs (the CLI's table of client verbs names every one). */
export type ClientVerbName = Extract<Verb, { runs: 'client' }>['name']

export const catalogue: readonly VerbDef[] = all

const byName = new Map<string, VerbDef>(catalogue.map((v) => [v.name, v]))

export function findVerb(name: string): VerbDef | undefined {
  return byName.get(name)
}

/** Wire protocol version (PEERS.md). Frozen per release of the wire format. */
export const PROTOCOL_VERSION = 1
