// PEERS.md §2.2 — the one serialization of JSON that fazt ever signs or hashes.
// Object keys sorted by UTF-16 code units (the JavaScript default sort, as in RFC 8785), no whitespace,
// strings and numbers exactly as JSON.stringify writes them. Anything that JSON cannot carry without
// loss (undefined in arrays, NaN, Infinity, functions, class instances, cycles) is refused instead of
// being silently dropped, because a value that changes on the way through JSON breaks signatures.

import { AppError } from '../../sdk/contract/errors.js'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

const MAX_DEPTH = 64

export function canonicalJson(value: unknown): string {
  return write(value, 0, new Set())
}

function write(value: unknown, depth: number, seen: Set<object>): string {
  if (depth > MAX_DEPTH) throw bad('nesting deeper than 64 levels')
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw bad(`number ${value} has no JSON form`)
      return JSON.stringify(value)
    case 'object':
      break
    default:
      throw bad(`a ${typeof value} has no JSON form`)
  }
  const obj = value as object
  if (seen.has(obj)) throw bad('cycle')
  seen.add(obj)
  let out: string
  if (Array.isArray(obj)) {
    const parts: string[] = []
    for (const item of obj as unknown[]) {
      if (item === undefined) throw bad('undefined inside an array')
      parts.push(write(item, depth + 1, seen))
    }
    out = `[${parts.join(',')}]`
  } else {
    const proto = Object.getPrototypeOf(obj)
    if (proto !== Object.prototype && proto !== null) throw bad('only plain objects can be signed')
    const rec = obj as Record<string, unknown>
    const parts: string[] = []
    for (const key of Object.keys(rec).sort()) {
      const v = rec[key]
      // An absent optional member and `undefined` mean the same thing after a JSON round trip.
      if (v === undefined) continue
      parts.push(`${JSON.stringify(key)}:${write(v, depth + 1, seen)}`)
    }
    out = `{${parts.join(',')}}`
  }
  seen.delete(obj)
  return out
}

function bad(why: string): AppError {
  return new AppError('INVALID_ARGUMENT', `cannot canonicalize JSON: ${why}`)
}
