import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import { requireHostedApp } from './apps.js'
import { hosting } from './hosting.js'
import { parseReleaseName, releaseName } from './release-store.js'

/** The manifest of the current release (or a named one), for pull and inspection. */
export function releaseFiles(node: NodeContext, name: string, release?: string) {
  const h = hosting(node)
  const app = requireHostedApp(node.db, name)
  const n = release === undefined ? app.current_release : parseReleaseName(release)
  if (!n || !h.releases.get(app.id, n)) {
    throw new AppError(
      'NOT_FOUND',
      release ? `${app.name} has no release ${release}` : `${app.name} has no release`,
    )
  }
  return { app: app.name, release: releaseName(n), files: h.releases.manifest(app.id, n) }
}

const owns = (node: NodeContext) =>
  node.db.prepare('SELECT 1 FROM release_files WHERE app_id = ? AND hash = ? LIMIT 1').pluck()

/** Reads part of a body the app's releases use (a caller may read only what that app serves). */
export function readFile(node: NodeContext, name: string, hash: string, offset: number, length: number) {
  const h = hosting(node)
  const app = requireHostedApp(node.db, name)
  const size = h.bodies.sizeOf(hash)
  if (size === undefined || owns(node).get(app.id, hash) === undefined) {
    throw new AppError('NOT_FOUND', `${app.name} has no file with content ${hash.slice(0, 12)}…`)
  }
  const end = Math.min(size, offset + length)
  const data = offset >= size ? Buffer.alloc(0) : h.bodies.readRange(hash, offset, end)
  return { hash, size, offset, data: data.toString('base64') }
}
