import type { NodeContext } from '../core/context.js'
import type { DB } from '../core/db-open.js'
import { identity } from '../peering/identity.js'

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

export function nodeIdentityFacts(node: NodeContext): { node_id: string; fingerprint: string } {
  const id = identity(node)
  return { node_id: id.nodeId, fingerprint: id.fingerprint }
}
