import { existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { AppError } from '../sdk/contract/errors.js'
import type { DeployParams, DeployResult } from '../sdk/contract/verbs/app.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'
import { bundleFunctions } from './bundle-functions.js'
import { buildIfNeeded } from './deploy-build.js'
import { byteProgress } from './deploy-progress.js'
import { uploadMissing } from './deploy-upload.js'
import { walkSite } from './deploy-walk.js'

/**
 * `fazt [@peer] app deploy DIR`, composed on the client from verbs that carry only JSON
 * (app.files.missing -> app.files.upload -> app.files.commit), so it works unchanged on a peer.
 */
export async function deploy(transport: Transport, p: DeployParams, globals: Globals): Promise<DeployResult> {
  const dir = resolve(p.dir)
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AppError('INVALID_ARGUMENT', `${p.dir} is not a folder`)
  }
  const name = p.name ?? basename(dir).toLowerCase()
  const root = p.build === false ? dir : buildIfNeeded(dir, (s) => process.stderr.write(s))
  const local = await walkSite(root, p.include_private ? { includePrivate: true } : {})
  local.push(...(await bundleFunctions(root, local, (s) => process.stderr.write(s)))) // npm packages of api/ (docs/functions.md#modules-and-packages)
  const manifest = {
    app: name,
    files: local.map((f) => ({ path: f.path, hash: f.hash, size: f.size })),
    ...(p.spa !== undefined ? { spa: p.spa } : {}),
  }
  let uploaded = { files: 0, bytes: 0 }
  // A body can vanish between the check and the commit (another app removed and collected it): the
  // node then names what it lacks, and one more round uploads it.
  for (let attempt = 0; ; attempt++) {
    const plan = (await transport.call('app.files.missing', manifest)) as { missing: string[] }
    if (plan.missing.length > 0) {
      const sizes = new Map(local.map((f) => [f.hash, f.size]))
      const total = plan.missing.reduce((n, h) => n + (sizes.get(h) ?? 0), 0)
      const bar = await byteProgress(globals, total, 'uploading')
      try {
        const u = await uploadMissing(transport, local, plan.missing, (n) => bar.add(n))
        uploaded = { files: uploaded.files + u.files, bytes: uploaded.bytes + u.bytes }
      } finally {
        bar.stop()
      }
    }
    try {
      const result = (await transport.call('app.files.commit', manifest)) as DeployResult
      return { ...result, uploaded_files: uploaded.files, uploaded_bytes: uploaded.bytes }
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'MISSING_CONTENT' && attempt === 0)) throw e
    }
  }
}
