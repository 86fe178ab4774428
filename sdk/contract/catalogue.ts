// Every verb fazt knows. Adding a verb: a contract here, a handler in node/verbs, a test.
import type { VerbDef } from './verb.js'
import { dbBackup, serverInfo, serverStart, version } from './verbs/system.js'

export const catalogue: readonly VerbDef[] = [version, serverStart, serverInfo, dbBackup] as VerbDef[]

const byName = new Map(catalogue.map((v) => [v.name, v]))

export function findVerb(name: string): VerbDef | undefined {
  return byName.get(name)
}

/** Wire protocol version (PEERS.md). Frozen per release of the wire format. */
export const PROTOCOL_VERSION = 1
