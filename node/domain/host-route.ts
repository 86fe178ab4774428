// Host routing (docs/routing.md#hosts) as one pure function, table-tested in test/node/domain/host-route.test.ts.

export type HostTarget =
  | { kind: 'root' }
  | { kind: 'admin' }
  | { kind: 'alias'; sub: string }
  | { kind: 'preview'; app: string; release: string }
  | { kind: 'none' }

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const PREVIEW = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)--(r[1-9][0-9]{0,8})$/
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/

/**
 * Lower-cases, strips the port and one trailing dot. IPv6 literals keep their brackets.
 * Returns undefined for a missing or malformed Host.
 */
export function normalizeHost(raw: string | undefined): string | undefined {
  if (!raw) return undefined
  let h = raw.trim().toLowerCase()
  if (h.startsWith('[')) {
    const end = h.indexOf(']')
    if (end < 0) return undefined
    const rest = h.slice(end + 1)
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return undefined
    h = h.slice(0, end + 1)
    return /^\[[0-9a-f:.]+\]$/.test(h) ? h : undefined
  }
  const colon = h.indexOf(':')
  if (colon >= 0) {
    if (!/^\d{1,5}$/.test(h.slice(colon + 1))) return undefined
    h = h.slice(0, colon)
  }
  if (h.endsWith('.')) h = h.slice(0, -1)
  if (
    h === '' ||
    h.startsWith('.') ||
    h.endsWith('.') ||
    h.length > 253 ||
    !/^[a-z0-9.-]+$/.test(h) ||
    h.includes('..')
  )
    return undefined
  return h
}

function sub(label: string): HostTarget {
  if (label === 'root') return { kind: 'root' }
  if (label === 'admin') return { kind: 'admin' }
  const preview = PREVIEW.exec(label)
  if (preview && !(preview[1] as string).includes('--'))
    return { kind: 'preview', app: preview[1] as string, release: preview[2] as string }
  if (!LABEL.test(label) || label.includes('--')) return { kind: 'none' }
  return { kind: 'alias', sub: label }
}

/**
 * Which part of the node a Host header addresses.
 * As docs/routing.md#hosts says, a bare IP literal or `localhost` reaches the root app, so
 * `http://127.0.0.1:8080/` shows the node's welcome page rather than a 404.
 */
export function routeHost(rawHost: string | undefined, domain: string): HostTarget {
  const host = normalizeHost(rawHost)
  if (!host) return { kind: 'none' }
  const d = domain.toLowerCase().replace(/\.$/, '')
  if (host === d || host === 'localhost' || host.startsWith('[') || IPV4.test(host)) return { kind: 'root' }
  for (const suffix of [`.${d}`, '.localhost']) {
    if (host.endsWith(suffix)) {
      const label = host.slice(0, -suffix.length)
      return label.includes('.') ? { kind: 'none' } : sub(label)
    }
  }
  return { kind: 'none' }
}
