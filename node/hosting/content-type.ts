import { contentType } from 'mime-types'

// Content types by file name, from the mime-db table that `mime-types` keeps up to date. `.cjs` is
// JavaScript for a browser, whatever Node calls it.
const OVERRIDES: Record<string, string> = { cjs: 'text/javascript; charset=utf-8' }
const FALLBACK = 'application/octet-stream'

export function contentTypeOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1)
  const dot = base.lastIndexOf('.')
  if (dot < 0) return FALLBACK
  const ext = base.slice(dot + 1).toLowerCase()
  return OVERRIDES[ext] ?? (contentType(ext) || FALLBACK)
}

/** Worth gzip/brotli: text, scripts, JSON/XML, SVG, wasm and uncompressed fonts. */
export function isCompressible(type: string): boolean {
  return (
    type.startsWith('text/') ||
    type.startsWith('application/json') ||
    type.startsWith('application/manifest+json') ||
    type.includes('xml') ||
    type.startsWith('application/yaml') ||
    type.startsWith('application/toml') ||
    type === 'application/wasm' ||
    type === 'font/ttf' ||
    type === 'font/otf' ||
    type === 'image/x-icon' ||
    type === 'image/bmp' ||
    type === 'application/vnd.ms-fontobject'
  )
}

export function isHtml(type: string): boolean {
  return type.startsWith('text/html')
}
