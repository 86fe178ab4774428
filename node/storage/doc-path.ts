import { AppError } from '../../sdk/contract/errors.js'
import type { StorageLimits } from './limits.js'
import { invalid, shown, tooBig, wellFormed } from './limits.js'
import { Sql, sql } from './sql.js'

/** Fields every document result carries, stored in columns rather than in `data`. */
export const RESERVED = ['id', '_createdAt', '_updatedAt'] as const

/**
 * A field of a document as SQL: `type` is its JSON type and never NULL ('missing' when absent), `raw`
 * its SQL value (json_extract), `path` the JSON path when the field lives in `data`.
 */
export interface FieldRef {
  type: Sql
  raw: Sql
  path: string | null
  column: 'id' | 'created_at' | 'updated_at' | null
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: field names with control characters are refused
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * Splits a dotted field name (`a.b.c`) into object keys. A segment may hold any character but `.`,
 * must not be empty, must not start with `$` (that is an operator, `$where` included) and must not
 * hold control characters. Segments only ever address object keys, never array positions.
 */
export function parsePath(name: string, limits: StorageLimits): string[] {
  if (name.length === 0) throw invalid('a field name must not be empty')
  if (!wellFormed(name)) throw invalid(`field ${shown(name)} contains a lone surrogate`)
  if (CONTROL.test(name)) throw invalid(`field ${shown(name)} contains a control character`)
  if (name.length * 3 > limits.maxKeyBytes) {
    const bytes = Buffer.byteLength(name)
    if (bytes > limits.maxKeyBytes) throw tooBig(`field name ${shown(name)}`, bytes, limits.maxKeyBytes)
  }
  const segments = name.split('.')
  if (segments.length > limits.maxPathSegments) {
    throw new AppError(
      'LIMIT_EXCEEDED',
      `field ${shown(name)} has ${segments.length} segments; the limit is ${limits.maxPathSegments}`,
    )
  }
  for (const s of segments) {
    if (s === '') throw invalid(`field ${shown(name)} has an empty segment`, 'write paths as a.b.c')
    if (s.startsWith('$')) {
      throw invalid(`field ${shown(name)}: "${s.slice(0, 30)}" looks like an operator, not a field`, OPS_HINT)
    }
  }
  return segments
}

export const OPS_HINT =
  'operators: $eq $ne $gt $gte $lt $lte $in $nin $contains $exists on a field; $and $or at any level'

/**
 * The JSON path of keys, each quoted as a JSON string (SQLite decodes the escapes), so a key may hold
 * quotes, backslashes, brackets or dots' neighbours without changing the path's meaning. It is bound
 * as a parameter, never spliced into SQL.
 */
export function jsonPath(segments: readonly string[]): string {
  let p = '$'
  for (const s of segments) p += `.${JSON.stringify(s)}`
  return p
}

const TEXT = new Sql(`'text'`, [])
const INTEGER = new Sql(`'integer'`, [])
const MISSING = new Sql(`'missing'`, [])
const NULL = new Sql('NULL', [])

/** Where a field lives: id and timestamps in columns, everything else in the `data` JSON. */
export function fieldRef(segments: readonly string[]): FieldRef {
  const [first] = segments
  if (first === 'id' || first === '_createdAt' || first === '_updatedAt') {
    // id and the timestamps are scalars: nothing lives below them.
    if (segments.length > 1) return { type: MISSING, raw: NULL, path: null, column: null }
    if (first === 'id') return { type: TEXT, raw: sql`d.id`, path: null, column: 'id' }
    if (first === '_createdAt')
      return { type: INTEGER, raw: sql`d.created_at`, path: null, column: 'created_at' }
    return { type: INTEGER, raw: sql`d.updated_at`, path: null, column: 'updated_at' }
  }
  const path = jsonPath(segments)
  return {
    type: sql`coalesce(json_type(d.data, ${path}), 'missing')`,
    raw: sql`json_extract(d.data, ${path})`,
    path,
    column: null,
  }
}

export type FieldResolver = (name: string) => FieldRef

/**
 * Field names repeat from call to call (an app asks the same queries), so their parsed form is kept:
 * up to `max` names, then the memo starts over. FieldRefs are immutable, so sharing them is safe.
 */
export function fieldResolver(limits: StorageLimits, max = 512): FieldResolver {
  const memo = new Map<string, FieldRef>()
  return (name) => {
    let f = memo.get(name)
    if (f === undefined) {
      f = fieldRef(parsePath(name, limits))
      if (memo.size >= max) memo.clear()
      memo.set(name, f)
    }
    return f
  }
}
