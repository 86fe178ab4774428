import { AppError } from '../../sdk/contract/errors.js'

/** Limits of app storage (docs/storage.md#limits), configurable per store. Sizes in bytes. */
export interface StorageLimits {
  /** A KV value or a whole document, as JSON text. */
  maxValueBytes: number
  maxBlobBytes: number
  /** KV keys, blob paths, document ids and collection names, as UTF-8. */
  maxKeyBytes: number
  /** Rows one find/list may return; also their default. */
  maxLimit: number
  /** Elements of one `$in`/`$nin` list. */
  maxInList: number
  /** Nesting of `$and`/`$or`. */
  maxQueryDepth: number
  /** Conditions in one query (each operator on a field counts one). */
  maxQueryTerms: number
  /** Segments of one dotted field path. */
  maxPathSegments: number
  /** Nesting of a stored document (SQLite's JSON functions refuse beyond 1000, which would break queries). */
  maxDocDepth: number
  /** Longest TTL (100 years). */
  maxTtlMs: number
}

export const DEFAULT_LIMITS: Readonly<StorageLimits> = Object.freeze({
  maxValueBytes: 1024 * 1024,
  maxBlobBytes: 50 * 1024 * 1024,
  maxKeyBytes: 512,
  maxLimit: 1000,
  maxInList: 1000,
  maxQueryDepth: 8,
  maxQueryTerms: 100,
  maxPathSegments: 16,
  maxDocDepth: 64,
  maxTtlMs: 100 * 365 * 24 * 3600 * 1000,
})

export function tooBig(what: string, size: number, max: number, hint?: string): AppError {
  return new AppError('LIMIT_EXCEEDED', `${what} is ${size} bytes; the limit is ${max}`, {
    ...(hint ? { hint } : {}),
    details: { size, limit: max },
  })
}

export function invalid(message: string, hint?: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, hint ? { hint } : {})
}

/** Short, printable form of app-supplied text for error messages. */
export function shown(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s)
}

// Control characters would make names unreadable in `fazt sql`, exports and errors; NUL is also cut
// off by some SQLite string functions.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * A KV key, blob path, document id or collection name: a non-empty, well-formed string without
 * control characters, at most `max` UTF-8 bytes. These are data (bound parameters), never SQL.
 */
export function checkName(kind: string, name: unknown, max: number): string {
  if (typeof name !== 'string') throw invalid(`${kind} must be a string, not ${describe(name)}`)
  if (name.length === 0) throw invalid(`${kind} must not be empty`)
  if (!wellFormed(name)) throw invalid(`${kind} ${shown(name)} contains a lone surrogate`)
  if (CONTROL.test(name)) throw invalid(`${kind} ${shown(name)} contains a control character`)
  // Cheap upper bound first: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (name.length * 3 > max) {
    const bytes = Buffer.byteLength(name)
    if (bytes > max) throw tooBig(`${kind} ${shown(name)}`, bytes, max)
  }
  return name
}

/** A value as JSON text within the size limit; `undefined`, functions and symbols are refused. */
export function toJson(what: string, value: unknown, max: number): string {
  let json: string | undefined
  try {
    json = JSON.stringify(value)
  } catch (e) {
    throw invalid(`${what} is not serialisable as JSON: ${(e as Error).message}`)
  }
  if (json === undefined) throw invalid(`${what} must be a JSON value, not ${describe(value)}`)
  if (json.length > max / 3) {
    const bytes = Buffer.byteLength(json)
    if (bytes > max) throw tooBig(what, bytes, max, 'store large data as a blob')
  }
  return json
}

/** No lone surrogates (which SQLite would store as U+FFFD, so two names could collide). */
export function wellFormed(s: string): boolean {
  // String.prototype.isWellFormed is in Node 20 but not in the ES2023 lib this project compiles against.
  return (s as unknown as { isWellFormed(): boolean }).isWellFormed()
}

export function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return typeof v === 'object' ? 'an object' : typeof v
}

/** A limit or offset: a whole number in range. */
export function checkCount(what: string, n: unknown, max: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
    throw invalid(`${what} must be a whole number ≥ 0, not ${describe(n)}`)
  if (n > max)
    throw new AppError('LIMIT_EXCEEDED', `${what} ${n} is above the limit of ${max}`, {
      hint: 'page through results with offset',
      details: { limit: max },
    })
  return n
}

/** SQLite's JSON functions refuse documents nested deeper than 1000 (queries would fail); far less is plenty. */
export function checkDepth(value: unknown, max: number, depth = 1): void {
  if (typeof value !== 'object' || value === null) return
  if (depth > max) {
    throw new AppError('LIMIT_EXCEEDED', `the document nests deeper than ${max} levels`, {
      details: { limit: max },
    })
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) checkDepth(v, max, depth + 1)
}
