import type * as V from '../../sdk/contract/verbs/server.js'
import { currentVersion } from '../core/db-migrate.js'
import { readRuntime } from '../core/running-file.js'
import { VERSION } from '../core/version.js'
import { resolveDomainFacts } from '../domain/start-domain.js'
import { countRows, nodeIdentityFacts } from './facts.js'
import type { Handler } from './types.js'

export const serverInfo: Handler<typeof V.serverInfo> = ({ node }) => {
  const rt = node.running ?? readRuntime(node.dataPath)
  const domain = rt ? { domain: rt.domain, source: rt.domain_source } : resolveDomainFacts(node)
  const id = nodeIdentityFacts(node)
  return {
    version: VERSION,
    node_id: id.node_id,
    fingerprint: id.fingerprint,
    domain: domain.domain,
    domain_source: domain.source,
    urls: rt?.urls ?? [],
    running: rt !== undefined,
    pid: rt?.pid ?? null,
    data_file: node.dataPath,
    uptime_s: rt ? Math.max(0, Math.round((node.clock.now() - rt.started_at) / 1000)) : null,
    apps: countRows(node.db, 'apps'),
    peers: countRows(node.db, 'peers'),
    schema_version: currentVersion(node.db),
  }
}
