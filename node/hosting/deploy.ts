import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import { checkAppName, insertApp } from './app-store.js'
import { findHostedApp, type HostedApp } from './apps.js'
import { hosting } from './hosting.js'
import { type CheckedManifest, checkManifest, type FileSpec } from './manifest.js'
import { releaseName } from './release-store.js'
import { hostUrl, previewUrl } from './urls.js'

export interface DeployParams {
  app: string
  files: FileSpec[]
  spa?: boolean
}

/** A new app's name must be valid and not a reserved subdomain (docs/hosting.md#aliases). */
function checkNewName(node: NodeContext, name: string): void {
  checkAppName(name)
  const alias = hosting(node).aliases.get(name)
  if (alias?.type === 'reserved') {
    throw new AppError('RESERVED', `"${name}" is a reserved name and cannot be deployed to`, {
      hint: 'pick another name with --name',
    })
  }
}

function prepare(node: NodeContext, p: DeployParams): { app: HostedApp | undefined; m: CheckedManifest } {
  const m = checkManifest(p.files, hosting(node).limits())
  const app = findHostedApp(node.db, p.app)
  if (!app) checkNewName(node, p.app)
  return { app, m }
}

function unchanged(node: NodeContext, app: HostedApp | undefined, m: CheckedManifest): boolean {
  if (!app?.current_release) return false
  return hosting(node).releases.get(app.id, app.current_release)?.digest === m.digest
}

/** Everything the node can check before any upload, and which bodies it lacks. */
export function planDeploy(node: NodeContext, p: DeployParams) {
  const { app, m } = prepare(node, p)
  const same = unchanged(node, app, m)
  return {
    app: p.app,
    exists: app !== undefined,
    unchanged: same,
    missing: same ? [] : hosting(node).bodies.missing(m.files.map((f) => f.hash)),
    files: m.files.length,
    bytes: m.bytes,
  }
}

/**
 * Creates the release and moves the pointer in one transaction, after checking every body exists with
 * the declared size. Identical content to the current release creates nothing.
 */
export function commitDeploy(node: NodeContext, p: DeployParams) {
  const h = hosting(node)
  const now = node.clock.now()
  const out = h.write(() => {
    const { app: found, m } = prepare(node, p)
    if (found && unchanged(node, found, m)) {
      if (p.spa !== undefined && (found.spa === 1) !== p.spa) {
        node.db
          .prepare('UPDATE apps SET spa = ?, updated_at = ? WHERE id = ?')
          .run(p.spa ? 1 : 0, now, found.id)
      }
      return { app: found, number: found.current_release as number, created: false, m, alias: null }
    }
    const missing: string[] = []
    for (const f of m.files) {
      const size = h.bodies.sizeOf(f.hash)
      if (size === undefined) missing.push(f.hash)
      else if (size !== f.size) {
        throw new AppError(
          'HASH_MISMATCH',
          `${f.path} is declared as ${f.size} bytes but its content has ${size}`,
        )
      }
    }
    if (missing.length > 0) {
      throw new AppError('MISSING_CONTENT', `the node lacks the content of ${missing.length} file(s)`, {
        hint: 'upload them first (fazt app deploy does this), then commit again',
        details: { missing: [...new Set(missing)] },
      })
    }
    let alias: string | null = null
    const app = found ?? (insertApp(node.db, { name: p.app, spa: p.spa ?? false }, now) as HostedApp)
    if (!found && !h.aliases.get(p.app)) {
      h.aliases.set(p.app, 'app', app.id, {}, now)
      alias = p.app
    }
    if (found && p.spa !== undefined) {
      node.db.prepare('UPDATE apps SET spa = ? WHERE id = ?').run(p.spa ? 1 : 0, found.id)
    }
    const number = h.releases.create(app, m, now)
    h.releases.point(app.id, number, now)
    // Sweep what abandoned deploys left behind (only what is older than the upload grace period).
    h.bodies.collect([])
    return { app, number, created: true, m, alias }
  })
  const subs = h.aliases.pointingAt(out.app.id)
  const sub = subs.includes(out.app.name) ? out.app.name : subs[0]
  return {
    app: out.app.name,
    app_id: out.app.id,
    release: releaseName(out.number),
    created: out.created,
    files: out.m.files.length,
    bytes: out.m.bytes,
    url: sub ? hostUrl(node, sub) : null,
    preview_url: previewUrl(node, out.app.name, out.number),
    alias: out.alias,
  }
}
