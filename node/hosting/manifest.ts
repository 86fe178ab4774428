import { createHash } from 'node:crypto'
import { AppError } from '../../sdk/contract/errors.js'
import type { HostingLimits } from './limits.js'
import { checkPath, isHash } from './paths.js'

export interface FileSpec {
  path: string
  hash: string
  size: number
}

export interface CheckedManifest {
  files: FileSpec[]
  digest: string
  bytes: number
}

/**
 * Checks a deploy manifest against the path rules and the limits (docs/hosting.md#deploy) before anything is stored,
 * and computes its digest (identical content -> identical digest, whatever the order given).
 */
export function checkManifest(files: FileSpec[], limits: HostingLimits): CheckedManifest {
  if (files.length === 0) {
    throw new AppError('INVALID_ARGUMENT', 'nothing to deploy: the manifest lists no files')
  }
  if (files.length > limits.files) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `${files.length} files is over the limit of ${limits.files} per release`,
      {
        hint: 'deploy fewer files (setting hosting.max_files)',
      },
    )
  }
  const seen = new Set<string>()
  let bytes = 0
  for (const f of files) {
    checkPath(f.path)
    if (seen.has(f.path))
      throw new AppError('INVALID_ARGUMENT', `path ${JSON.stringify(f.path)} is listed twice`)
    seen.add(f.path)
    if (!isHash(f.hash)) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `the hash of ${JSON.stringify(f.path)} is not a sha256 hex digest`,
      )
    }
    if (!Number.isSafeInteger(f.size) || f.size < 0) {
      throw new AppError('INVALID_ARGUMENT', `the size of ${JSON.stringify(f.path)} is not a byte count`)
    }
    if (f.size > limits.fileBytes) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `${f.path} is ${f.size} bytes, over the limit of ${limits.fileBytes} per file`,
        { hint: 'files are limited per file (setting hosting.max_file_bytes)' },
      )
    }
    bytes += f.size
  }
  if (bytes > limits.releaseBytes) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `the release is ${bytes} bytes, over the limit of ${limits.releaseBytes}`,
      {
        hint: 'releases are limited in total size (setting hosting.max_release_bytes)',
      },
    )
  }
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const sha = createHash('sha256')
  for (const f of sorted) sha.update(`${f.path}\0${f.hash}\0${f.size}\n`)
  return { files: sorted, digest: sha.digest('hex'), bytes }
}
