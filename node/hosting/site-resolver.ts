import type { NodeContext } from '../core/context.js'
import { redirectUrl, splitTargets } from './alias-store.js'
import type { HostedApp } from './apps.js'
import { isHtml } from './content-type.js'
import { hosting } from './hosting.js'
import { isHashedAsset } from './paths.js'

/** One file of a release as the static server needs it. `wire` is filled by the HTTP layer (headers). */
export interface Entry {
  path: string
  hash: string
  size: number
  type: string
  etag: string
  cacheControl: string
  wire?: unknown
}

/** One release of one app, loaded once: releases are immutable, so this never goes stale. */
export interface Site {
  appId: string
  release: number
  entries: Map<string, Entry>
  /** Request path -> resolved entry (or null), filled as requests come. */
  lookups: Map<string, Entry | null>
}

export interface Variant {
  appId: string
  weight: number
  site: Site
  spa: boolean
}

export type Resolution =
  | { kind: 'site'; site: Site; spa: boolean }
  | { kind: 'redirect'; url: string }
  | { kind: 'split'; sub: string; cookie: string; variants: Variant[] }
  | { kind: 'missing' }
  /** Nothing claims the root yet: the node's welcome page. */
  | { kind: 'unclaimed' }

export type SiteTarget =
  | { kind: 'root' }
  | { kind: 'alias'; sub: string }
  | { kind: 'preview'; app: string; release: string }

const MAX_SITES = 64

/** The cache rules of docs/hosting.md#static-files, decided once per file. */
export function cacheControlOf(path: string, type: string): string {
  if (isHtml(type)) return 'no-cache'
  if (isHashedAsset(path)) return 'public, max-age=31536000, immutable'
  return 'public, max-age=300'
}

/**
 * Host -> alias -> app -> current release, cached until the data file changes (ChangeWatch notices
 * commits from other processes, such as a CLI deploy). A request resolves its release once, here, and is
 * served wholly from that release's manifest, so a reader never sees a mix of two releases.
 */
export class SiteResolver {
  #gen = -1
  #writes = -1
  #checked = false
  #expire = () => {
    this.#checked = false
  }
  #resolved = new Map<string, Resolution>()
  #sites = new Map<string, Site>()
  #appById
  #appByName

  constructor(private node: NodeContext) {
    this.#appById = node.db.prepare('SELECT * FROM apps WHERE id = ?')
    this.#appByName = node.db.prepare('SELECT * FROM apps WHERE name = ?')
  }

  resolve(target: SiteTarget): Resolution {
    // The data file is asked at most once per turn of the event loop: requests read in the same turn
    // share the answer (measured: the check was 5% of a small-file request). Writes made by this
    // process are counted in memory and seen at once.
    const writes = hosting(this.node).writes
    if (!this.#checked || writes !== this.#writes) {
      if (!this.#checked) {
        this.#checked = true
        setImmediate(this.#expire)
      }
      this.#writes = writes
      const gen = this.node.watch.generation()
      if (gen !== this.#gen) {
        this.#resolved.clear()
        this.#gen = gen
      }
    }
    const key =
      target.kind === 'preview'
        ? `${target.app}--${target.release}`
        : target.kind === 'root'
          ? ''
          : target.sub
    let r = this.#resolved.get(key)
    if (!r) {
      r = this.#compute(target)
      this.#resolved.set(key, r)
    }
    return r
  }

  #compute(target: SiteTarget): Resolution {
    if (target.kind === 'preview') {
      const app = this.#appByName.get(target.app) as HostedApp | undefined
      const n = Number(target.release.slice(1))
      const site = app && this.#site(app.id, n)
      return site && app ? { kind: 'site', site, spa: app.spa === 1 } : { kind: 'missing' }
    }
    const sub = target.kind === 'root' ? 'root' : target.sub
    const alias = hosting(this.node).aliases.get(sub)
    if (!alias) return target.kind === 'root' ? { kind: 'unclaimed' } : { kind: 'missing' }
    switch (alias.type) {
      case 'app':
        return this.#current(alias.app_id as string) ?? { kind: 'missing' }
      case 'redirect':
        return { kind: 'redirect', url: redirectUrl(alias) }
      case 'split': {
        const variants: Variant[] = []
        for (const t of splitTargets(alias)) {
          const r = this.#current(t.app_id)
          if (r?.kind === 'site')
            variants.push({ appId: t.app_id, weight: t.weight, site: r.site, spa: r.spa })
        }
        if (variants.length === 0) return { kind: 'missing' }
        return { kind: 'split', sub, cookie: `fazt_variant_${sub}`, variants }
      }
      default:
        return { kind: 'missing' }
    }
  }

  #current(appId: string): Resolution | undefined {
    const app = this.#appById.get(appId) as HostedApp | undefined
    if (!app?.current_release) return undefined
    const site = this.#site(app.id, app.current_release)
    return site ? { kind: 'site', site, spa: app.spa === 1 } : undefined
  }

  #site(appId: string, release: number): Site | undefined {
    const key = `${appId}:${release}`
    const hit = this.#sites.get(key)
    if (hit) return hit
    const h = hosting(this.node)
    if (!h.releases.get(appId, release)) return undefined
    const entries = new Map<string, Entry>()
    for (const f of h.releases.manifest(appId, release)) {
      entries.set(f.path, { ...f, etag: `"${f.hash}"`, cacheControl: cacheControlOf(f.path, f.type) })
    }
    const site: Site = { appId, release, entries, lookups: new Map() }
    if (this.#sites.size >= MAX_SITES) this.#sites.delete(this.#sites.keys().next().value as string)
    this.#sites.set(key, site)
    return site
  }
}

/** Picks a split variant for a fresh visitor by weight; `random` returns [0, 1). */
export function pickVariant(variants: Variant[], random: () => number): Variant {
  const total = variants.reduce((n, v) => n + v.weight, 0)
  let x = random() * total
  for (const v of variants) {
    x -= v.weight
    if (x < 0) return v
  }
  return variants[variants.length - 1] as Variant
}
