import { AppError } from '../../sdk/contract/errors.js'

const HASH = /^[0-9a-f]{64}$/

export function isHash(s: string): boolean {
  return HASH.test(s)
}

/**
 * Why a release path is unsafe, or undefined when it is fine. Paths are relative, `/`-separated, with
 * no empty, `.` or `..` segment, no backslash, no NUL or other control character, no drive letter.
 */
export function unsafePath(path: string): string | undefined {
  if (path.length === 0) return 'is empty'
  if (path.length > 1024) return 'is longer than 1024 characters'
  if (path.startsWith('/')) return 'is absolute'
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter'
  if (path.includes('\\')) return 'contains a backslash'
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a NUL or control character'
  for (const seg of path.split('/')) {
    if (seg === '') return 'has an empty segment'
    if (seg === '.' || seg === '..') return `has a "${seg}" segment`
  }
  return undefined
}

export function checkPath(path: string): string {
  const why = unsafePath(path)
  if (why) {
    throw new AppError('UNSAFE_PATH', `refused path ${JSON.stringify(path.slice(0, 200))}: it ${why}`, {
      hint: 'release paths are relative, /-separated, with no "..", absolute or drive-letter parts',
    })
  }
  return path
}

/** Folders that are never served as static files (docs/hosting.md#static-files): functions and private data. */
export function isHiddenPath(path: string): boolean {
  return path.startsWith('api/') || path.startsWith('private/')
}

/**
 * `assets/*-<hash>.*` (docs/hosting.md#static-files), as bundlers name them: `index-D3x_Kq9a.js`, `logo-Bjzhv9fK.svg`.
 * A suffix counts as a hash when it is at least 8 url-safe characters holding a digit or a capital,
 * so `my-long-filename.js` is not mistaken for one.
 */
export function isHashedAsset(path: string): boolean {
  if (!path.startsWith('assets/') && !path.includes('/assets/')) return false
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  if (dot <= 0) return false
  const stem = base.slice(0, dot)
  for (let i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
    const suffix = stem.slice(i + 1)
    if (suffix.length >= 8 && /^[A-Za-z0-9_-]+$/.test(suffix) && /[0-9A-Z]/.test(suffix)) return true
  }
  return false
}
