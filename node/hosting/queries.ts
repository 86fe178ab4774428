import type { NodeContext } from '../core/context.js'
import { type AliasRow, redirectUrl, splitTargets } from './alias-store.js'
import { allApps, requireHostedApp } from './apps.js'
import { hosting } from './hosting.js'
import { releaseName } from './release-store.js'
import { hostUrl, previewUrl } from './urls.js'

export function listApps(node: NodeContext) {
  const h = hosting(node)
  return allApps(node.db).map((a) => {
    const r = a.current_release ? h.releases.get(a.id, a.current_release) : undefined
    return {
      name: a.name,
      id: a.id,
      release: a.current_release ? releaseName(a.current_release) : null,
      files: r?.files ?? 0,
      bytes: r?.bytes ?? 0,
      aliases: h.aliases.pointingAt(a.id),
      updated_at: a.updated_at,
    }
  })
}

export function appInfo(node: NodeContext, name: string) {
  const h = hosting(node)
  const a = requireHostedApp(node.db, name)
  const r = a.current_release ? h.releases.get(a.id, a.current_release) : undefined
  const aliases = h.aliases.pointingAt(a.id)
  const parent = a.forked_from_id
    ? (node.db.prepare('SELECT name FROM apps WHERE id = ?').pluck().get(a.forked_from_id) as
        | string
        | undefined)
    : undefined
  return {
    name: a.name,
    id: a.id,
    original_id: a.original_id,
    forked_from_id: a.forked_from_id,
    forked_from: parent ?? null,
    spa: a.spa === 1,
    release: a.current_release ? releaseName(a.current_release) : null,
    releases: h.releases.list(a.id).length,
    files: r?.files ?? 0,
    bytes: r?.bytes ?? 0,
    aliases,
    url: aliases[0] ? hostUrl(node, aliases.includes(a.name) ? a.name : aliases[0]) : null,
    preview_url: a.current_release ? previewUrl(node, a.name, a.current_release) : null,
    created_at: a.created_at,
    updated_at: a.updated_at,
  }
}

export function listReleases(node: NodeContext, name: string) {
  const h = hosting(node)
  const a = requireHostedApp(node.db, name)
  return h.releases.list(a.id).map((r) => ({
    release: releaseName(r.number),
    current: r.number === a.current_release,
    files: r.files,
    bytes: r.bytes,
    created_at: r.created_at,
    preview_url: previewUrl(node, a.name, r.number),
  }))
}

/** A human-readable target for `alias list`: an app name, a URL or `a=70 b=30`. */
export function describeAlias(node: NodeContext, row: AliasRow): { target: string; apps: string[] } {
  const name = node.db.prepare('SELECT name FROM apps WHERE id = ?').pluck()
  const nameOf = (id: string) => (name.get(id) as string | undefined) ?? id
  switch (row.type) {
    case 'app':
      return { target: nameOf(row.app_id as string), apps: [nameOf(row.app_id as string)] }
    case 'redirect':
      return { target: redirectUrl(row), apps: [] }
    case 'split': {
      const t = splitTargets(row)
      return {
        target: t.map((x) => `${nameOf(x.app_id)}=${x.weight}`).join(' '),
        apps: t.map((x) => nameOf(x.app_id)),
      }
    }
    default:
      return { target: '', apps: [] }
  }
}

export function listAliases(node: NodeContext) {
  return hosting(node)
    .aliases.list()
    .map((row) => {
      const d = describeAlias(node, row)
      return { sub: row.sub, type: row.type, target: d.target, apps: d.apps, updated_at: row.updated_at }
    })
}
