import { isHiddenPath } from '../hosting/paths.js'
import type { Entry, Site } from '../hosting/site-resolver.js'

const MAX_LOOKUPS = 4096

export type Lookup =
  | { kind: 'file'; entry: Entry }
  | { kind: 'slash'; location: string }
  | { kind: 'bad' }
  | { kind: 'none' }

/**
 * docs/hosting.md#static-files: `/` -> index.html; `/x` -> x, x/index.html, x.html; `/x/` -> 301 to `/x`; with spa, an
 * extension-less miss serves index.html. Files under api/ and private/ are never served.
 * Results per raw path are remembered on the (immutable) release.
 */
export function lookup(site: Site, rawPath: string, spa: boolean): Lookup {
  let hit = site.lookups.get(rawPath)
  if (hit === undefined) {
    if (rawPath.length > 1 && rawPath.endsWith('/')) {
      // Collapse leading slashes so `//evil.example/` can never become a protocol-relative redirect.
      const to = `/${rawPath.replace(/^\/+/, '').replace(/\/+$/, '')}`
      return { kind: 'slash', location: to }
    }
    let path: string
    try {
      path = rawPath.includes('%') ? decodeURIComponent(rawPath) : rawPath
    } catch {
      return { kind: 'bad' }
    }
    hit = find(site, path.slice(1)) ?? null
    if (site.lookups.size >= MAX_LOOKUPS) site.lookups.clear()
    site.lookups.set(rawPath, hit)
  }
  if (hit) return { kind: 'file', entry: hit }
  if (spa && !isHiddenRequest(rawPath) && !lastSegment(rawPath).includes('.')) {
    const index = site.entries.get('index.html')
    if (index) return { kind: 'file', entry: index }
  }
  return { kind: 'none' }
}

function find(site: Site, path: string): Entry | undefined {
  if (path === '') return site.entries.get('index.html')
  for (const candidate of [path, `${path}/index.html`, `${path}.html`]) {
    if (isHiddenPath(candidate)) continue
    const e = site.entries.get(candidate)
    if (e) return e
  }
  return undefined
}

function isHiddenRequest(rawPath: string): boolean {
  return isHiddenPath(rawPath.slice(1)) || rawPath === '/private' || rawPath === '/api'
}

function lastSegment(rawPath: string): string {
  return rawPath.slice(rawPath.lastIndexOf('/') + 1)
}
