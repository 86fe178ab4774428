import type { CachedBody } from '../hosting/body-cache.js'
import { isCompressible } from '../hosting/content-type.js'
import type { Entry } from '../hosting/site-resolver.js'

/** Response headers of one file, built once per manifest entry (flat arrays: node's fastest form). */
export interface Wire {
  compressible: boolean
  base: string[]
  identity: string[]
  notModified: string[]
  gzip?: string[]
  br?: string[]
}

export function wireOf(entry: Entry): Wire {
  if (entry.wire) return entry.wire as Wire
  const compressible = isCompressible(entry.type)
  const validators = ['ETag', entry.etag, 'Cache-Control', entry.cacheControl]
  if (compressible) validators.push('Vary', 'Accept-Encoding')
  const base = ['Content-Type', entry.type, 'Accept-Ranges', 'bytes', ...validators]
  const wire: Wire = {
    compressible,
    base,
    identity: [...base, 'Content-Length', String(entry.size)],
    notModified: validators,
  }
  entry.wire = wire
  return wire
}

/** Picks brotli or gzip when the client takes it and the variant is ready; else identity. */
export function encodedHeaders(
  wire: Wire,
  body: CachedBody,
  acceptEncoding: string | undefined,
): { headers: string[]; data: Buffer } {
  if (acceptEncoding && wire.compressible) {
    if (body.br && accepts(acceptEncoding, 'br')) {
      wire.br ??= [...wire.base, 'Content-Encoding', 'br', 'Content-Length', String(body.br.length)]
      return { headers: wire.br, data: body.br }
    }
    if (body.gzip && accepts(acceptEncoding, 'gzip')) {
      wire.gzip ??= [...wire.base, 'Content-Encoding', 'gzip', 'Content-Length', String(body.gzip.length)]
      return { headers: wire.gzip, data: body.gzip }
    }
  }
  return { headers: wire.identity, data: body.data }
}

/** `Accept-Encoding` lists the coding without `q=0`. */
export function accepts(header: string, coding: string): boolean {
  const i = header.indexOf(coding)
  if (i < 0) return false
  if (header.indexOf(';', i) < 0) return true
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';')
    if (name?.trim() !== coding) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  }
  return false
}

/** `If-None-Match` names this ETag (or `*`), weak or strong. */
export function etagMatches(header: string, etag: string): boolean {
  if (header === etag || header === '*') return true
  for (const part of header.split(',')) {
    const t = part.trim()
    if (t === etag || t === `W/${etag}` || t === '*') return true
  }
  return false
}

export type RangeResult = { start: number; end: number } | 'unsatisfiable' | undefined

/** One `bytes=` range (end inclusive). Several ranges or a malformed header: undefined (serve it all). */
export function parseRange(header: string, size: number): RangeResult {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return undefined
  if (m[1] === '') {
    const n = Number(m[2])
    if (n === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - n), end: size - 1 }
  }
  const start = Number(m[1])
  if (m[2] !== '' && Number(m[2]) < start) return undefined
  if (start >= size) return 'unsatisfiable'
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  return { start, end }
}
