import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import { insertApp } from './app-store.js'
import { type HostedApp, requireHostedApp } from './apps.js'
import { hosting } from './hosting.js'
import { parseReleaseName, releaseName } from './release-store.js'
import { storageHooks } from './storage-hooks.js'

/** Points the app at an earlier (or any existing) release: one UPDATE, so readers see old or new. */
export function rollback(node: NodeContext, name: string, to?: string) {
  const h = hosting(node)
  return h.write(() => {
    const app = requireHostedApp(node.db, name)
    const current = app.current_release
    let target: number | undefined
    if (to !== undefined) {
      target = parseReleaseName(to)
      if (target === undefined || !h.releases.get(app.id, target)) {
        throw new AppError('NOT_FOUND', `${app.name} has no release ${to}`, {
          hint: `see \`fazt app releases ${app.name}\``,
        })
      }
    } else {
      target = h.releases.list(app.id).find((r) => current !== null && r.number < current)?.number
      if (target === undefined) {
        throw new AppError('NOT_FOUND', `${app.name} has no release before ${releaseName(current ?? 0)}`, {
          hint: 'name one with --to rN',
        })
      }
    }
    h.releases.point(app.id, target, node.clock.now())
    return { app: app.name, from: current ? releaseName(current) : null, to: releaseName(target) }
  })
}

/** A new app at the same files (manifest rows only, no bodies copied) and, unless told not to, storage. */
export function fork(node: NodeContext, name: string, as: string, withStorage: boolean) {
  const h = hosting(node)
  return h.write(() => {
    const src = requireHostedApp(node.db, name)
    const reserved = h.aliases.get(as)
    if (reserved?.type === 'reserved') throw new AppError('RESERVED', `"${as}" is a reserved name`)
    const now = node.clock.now()
    const app = insertApp(node.db, { name: as, spa: src.spa === 1, forkedFrom: src }, now)
    let release: number | null = null
    const from = src.current_release === null ? undefined : h.releases.get(src.id, src.current_release)
    if (from) {
      release = h.releases.copy(from, app.id, now)
      h.releases.point(app.id, release, now)
    }
    const alias = h.aliases.get(as) ? null : as
    if (alias) h.aliases.set(alias, 'app', app.id, {}, now)
    if (withStorage) storageHooks.copy(node.db, src.id, app.id)
    return {
      app: app.name,
      app_id: app.id,
      forked_from: src.name,
      original_id: app.original_id,
      release: release ? releaseName(release) : null,
      alias,
      storage_copied: withStorage,
    }
  })
}

/** Every app descended from `root` (forks of forks), root first, depth-first. */
function descendants(all: HostedApp[], root: HostedApp): HostedApp[] {
  const out: HostedApp[] = []
  const walk = (a: HostedApp) => {
    out.push(a)
    for (const c of all.filter((x) => x.forked_from_id === a.id)) walk(c)
  }
  walk(root)
  return out
}

/** Removes the app (and with `withForks` its descendants) in one transaction; collects unused bodies. */
export function removeApp(node: NodeContext, name: string, withForks: boolean) {
  const h = hosting(node)
  return h.write(() => {
    const app = requireHostedApp(node.db, name)
    const all = node.db
      .prepare('SELECT * FROM apps WHERE original_id = ?')
      .all(app.original_id) as HostedApp[]
    const doomed = withForks ? descendants(all, app) : [app]
    const hashes = node.db.prepare('SELECT DISTINCT hash FROM release_files WHERE app_id = ?').pluck()
    const candidates: string[] = []
    const aliases: string[] = []
    for (const a of doomed) {
      candidates.push(...(hashes.all(a.id) as string[]))
      aliases.push(...h.aliases.removeForApp(a.id))
      storageHooks.remove(node.db, a.id)
      // Forks outlive their parent unless removed with it: they keep their lineage ids as history.
      node.db.prepare('DELETE FROM releases WHERE app_id = ?').run(a.id)
      node.db.prepare('DELETE FROM apps WHERE id = ?').run(a.id)
    }
    const freed = h.bodies.collect(candidates)
    return { removed: doomed.map((a) => a.name), aliases, bodies_freed: freed.bodies }
  })
}

export interface LineageRow {
  app: string
  id: string
  depth: number
  path: string
  forked_from: string | null
  release: string | null
  created_at: number
}

/** The fork tree the app belongs to, from its original, depth-first. */
export function lineage(node: NodeContext, name: string): LineageRow[] {
  const app = requireHostedApp(node.db, name)
  const all = node.db
    .prepare('SELECT * FROM apps WHERE original_id = ? ORDER BY created_at, name')
    .all(app.original_id) as HostedApp[]
  const byId = new Map(all.map((a) => [a.id, a]))
  // The original may have been removed: the tree then starts at the apps whose parent is gone.
  const roots = all.filter((a) => !a.forked_from_id || !byId.has(a.forked_from_id))
  const rows: LineageRow[] = []
  const walk = (a: HostedApp, depth: number, path: string) => {
    const here = path ? `${path} > ${a.name}` : a.name
    rows.push({
      app: a.name,
      id: a.id,
      depth,
      path: here,
      forked_from: a.forked_from_id ? (byId.get(a.forked_from_id)?.name ?? a.forked_from_id) : null,
      release: a.current_release ? releaseName(a.current_release) : null,
      created_at: a.created_at,
    })
    for (const c of all.filter((x) => x.forked_from_id === a.id)) walk(c, depth + 1, here)
  }
  for (const r of roots) walk(r, 0, '')
  return rows
}
