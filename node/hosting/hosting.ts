import type { NodeContext } from '../core/context.js'
import { service } from '../core/services.js'
import { AliasStore } from './alias-store.js'
import { BodyStore } from './body-store.js'
import { type HostingLimits, readLimits } from './limits.js'
import { ReleaseStore } from './release-store.js'

/** The hosting stores of one node, prepared once per process (statements cached). */
export interface Hosting {
  node: NodeContext
  bodies: BodyStore
  releases: ReleaseStore
  aliases: AliasStore
  limits(): HostingLimits
  /** Counts this process's hosting writes, so its own caches can tell without asking the database. */
  writes: number
  /** Runs `fn` in one IMMEDIATE write transaction, then tells this process's caches that data moved. */
  write<T>(fn: () => T): T
}

export function hosting(node: NodeContext): Hosting {
  return service(node, createHosting)
}

function createHosting(node: NodeContext): Hosting {
  const h: Hosting = {
    node,
    bodies: new BodyStore(node.db, () => node.clock.now()),
    releases: new ReleaseStore(node.db),
    aliases: new AliasStore(node.db),
    limits: () => readLimits(node.settings),
    write(fn) {
      try {
        return node.db.transaction(fn).immediate()
      } finally {
        h.writes++
        node.watch.bump()
      }
    },
    writes: 0,
  }
  return h
}
