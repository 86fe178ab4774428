import { createHash } from 'node:crypto'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { lstat, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { unsafePath } from '../node/hosting/paths.js'
import { AppError } from '../sdk/contract/errors.js'
import { gitignore, type IgnoreTest } from './deploy-gitignore.js'

export interface LocalFile {
  path: string
  abs: string
  size: number
  hash: string
}

/**
 * The files a deploy sends (docs/hosting.md#deploy): dotfiles, node_modules and .gitignore'd paths skipped,
 * private/ only when asked. A symlink or a path the node would refuse stops the deploy here, before
 * anything is uploaded.
 */
export async function walkSite(root: string, opts: { includePrivate?: boolean } = {}): Promise<LocalFile[]> {
  const gi = join(root, '.gitignore')
  const ignored: IgnoreTest = existsSync(gi) ? gitignore(readFileSync(gi, 'utf8')) : () => false
  const out: LocalFile[] = []
  const visit = async (dir: string, rel: string) => {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : 1))
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name
      if (e.name.startsWith('.') || e.name === 'node_modules') continue
      if (!rel && e.name === 'private' && !opts.includePrivate) continue
      const isDir = e.isDirectory()
      if (ignored(path, isDir)) continue
      const why = unsafePath(path)
      if (why) throw new AppError('UNSAFE_PATH', `refused ${JSON.stringify(path)}: it ${why}`)
      const abs = join(dir, e.name)
      if (e.isSymbolicLink()) {
        throw new AppError('UNSAFE_PATH', `refused ${path}: symlinks are not deployed`, {
          hint: 'replace the link with a copy of the file, or add it to .gitignore',
        })
      }
      if (isDir) await visit(abs, path)
      else if (e.isFile()) out.push({ path, abs, size: (await lstat(abs)).size, hash: '' })
      else throw new AppError('UNSAFE_PATH', `refused ${path}: not a regular file`)
    }
  }
  await visit(root, '')
  if (out.length === 0) throw new AppError('INVALID_ARGUMENT', `nothing to deploy in ${root}`)
  for (const f of out) f.hash = await hashFile(f.abs)
  return out
}

export function hashFile(abs: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256')
    createReadStream(abs)
      .on('data', (d) => h.update(d))
      .on('end', () => resolve(h.digest('hex')))
      .on('error', reject)
  })
}
