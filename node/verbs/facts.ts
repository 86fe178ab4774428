import type { NodeContext } from '../context.js'
import type { DB } from '../db/open.js'
import type { DomainSource } from '../domain/resolve.js'
import { identity } from '../identity.js'
import { resolveStartDomain } from '../start-domain.js'

const counters = new WeakMap<DB, Map<string, () => number>>()

/** Rows in one of the node's own tables (a fixed name, never input), the statement prepared once. */
export function countRows(db: DB, table: 'apps' | 'peers'): number {
  let byTable = counters.get(db)
  if (!byTable) {
    byTable = new Map()
    counters.set(db, byTable)
  }
  let count = byTable.get(table)
  if (!count) {
    const stmt = db.prepare(`SELECT count(*) FROM ${table}`).pluck()
    count = () => stmt.get() as number
    byTable.set(table, count)
  }
  return count()
}

/** The domain a node would serve if started now, without storing anything. */
export function resolveDomainFacts(node: NodeContext): { domain: string; source: DomainSource } {
  const d = resolveStartDomain(node, undefined, { persist: false })
  return { domain: d.domain, source: d.source }
}

export function nodeIdentityFacts(node: NodeContext): { node_id: string; fingerprint: string } {
  const id = identity(node)
  return { node_id: id.nodeId, fingerprint: id.fingerprint }
}
