import { InviteStore } from '../../peer/invites.js'
import { NonceCache } from '../../peer/nonces.js'
import { ownRecord } from '../../peer/own-record.js'
import type { SignedNodeRecord } from '../../peer/protocol/node-record.js'
import { RateLimiter } from '../../peer/rate-limit.js'
import { PeerRegistry } from '../../peer/registry.js'
import { catalogue } from '../../sdk/contract/catalogue.js'
import type { NodeContext } from '../core/context.js'
import { readRuntime } from '../core/running-file.js'
import { service } from '../core/services.js'
import { VERSION } from '../core/version.js'
import { resolveStartDomain } from '../domain/start-domain.js'
import { identity, nodeCrypto } from './identity.js'

/** The peer stores of one node context. */
export interface Peers {
  registry: PeerRegistry
  invites: InviteStore
  nonces: NonceCache
  /** Per source address, before any signature is checked (PEERS.md §6.2). */
  perAddress: RateLimiter
  /** Per verified key. */
  perKey: RateLimiter
}

const createPeers = (n: NodeContext): Peers => ({
  registry: new PeerRegistry(n.db),
  invites: new InviteStore(n.db),
  nonces: new NonceCache(n.db),
  perAddress: new RateLimiter(20, 200),
  perKey: new RateLimiter(5000, 10_000),
})

export const peers = (node: NodeContext): Peers => service(node, createPeers)

/**
 * Where other nodes reach this one: the running node's URLs (on the domain and the bound address), else
 * the detected domain on the default port. `server.urls` in settings overrides both.
 */
export function ownUrls(node: NodeContext): string[] {
  const configured = node.settings.get('server.urls')
  if (configured) return JSON.parse(configured) as string[]
  const rt = node.running ?? readRuntime(node.dataPath)
  if (rt) {
    // A concrete bound address first (it needs no DNS), then the domain; never 127.0.0.1 for a wildcard bind,
    // which would lead another node to itself.
    const bound =
      rt.host === '0.0.0.0' || rt.host === '::' ? undefined : rt.host.includes(':') ? `[${rt.host}]` : rt.host
    return [...new Set([...(bound ? [`http://${bound}:${rt.port}`] : []), `http://${rt.domain}:${rt.port}`])]
  }
  return [`http://${resolveStartDomain(node, undefined, { persist: false }).domain}:8080`]
}

/** The verbs this node serves to peers, as announced in its record. */
export const remoteVerbs = (): string[] => catalogue.filter((v) => v.remote).map((v) => v.name)

export function signedOwnRecord(node: NodeContext): SignedNodeRecord {
  return ownRecord(identity(node), {
    urls: ownUrls(node),
    version: VERSION,
    verbs: remoteVerbs(),
    now: Math.floor(node.clock.now() / 1000),
    crypto: nodeCrypto(node),
  })
}
