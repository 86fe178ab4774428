import type { NodeContext } from '../context.js'
import type { DB } from '../db/open.js'
import type { DomainSource } from '../domain/resolve.js'
import { identity } from '../identity.js'
import { resolveStartDomain } from '../start-domain.js'

/** Rows in a table, or 0 while the table does not exist yet (a feature that has not landed). */
export function countRows(db: DB, table: string): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table)
  if (!exists) return 0
  return (db.prepare(`SELECT count(*) AS n FROM "${table.replaceAll('"', '')}"`).get() as { n: number }).n
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
