import { normalizeHost } from '../domain/host-route.js'

/**
 * Browsers send `Origin` on a WebSocket handshake but apply no CORS to it, so without a check a page on
 * any site could open an app's socket with the visitor's cookies (cross-site WebSocket hijacking).
 * The policy:
 * - no `Origin`: allowed. Only browsers send it; CLIs, servers and the Node SDK do not, and they could
 *   forge it anyway. The check protects browser visitors, it is not authentication.
 * - the origin's host (and port) equals the request's `Host`: allowed, the app's own pages.
 * - the origin's host is the node's domain or one of its subdomains (or, when the request came in under
 *   `localhost`, `localhost` or one of its subdomains): allowed, so the apps of one node may show each
 *   other's live feeds (the root site embedding a chat app, say).
 * - anything else, including `null` (sandboxed frames, file: pages): refused with 403.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, domain: string): boolean {
  if (origin === undefined) return true
  let u: URL
  try {
    u = new URL(origin)
  } catch {
    return false
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false
  const reqHost = host?.trim().toLowerCase()
  if (reqHost !== undefined && u.host === reqHost) return true
  const o = normalizeHost(u.hostname)
  if (!o) return false
  const d = domain.toLowerCase().replace(/\.$/, '')
  if (o === d || o.endsWith(`.${d}`)) return true
  const h = normalizeHost(reqHost)
  const local = (x: string) => x === 'localhost' || x.endsWith('.localhost')
  return h !== undefined && local(h) && local(o)
}
