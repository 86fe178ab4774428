// The query language of docs/storage.md#query-language in plain JavaScript: the reference the SQL translation is held to.
// Semantics are written out in node/storage/doc-query.ts and doc-sort.ts; this is them, naively.

export type Doc = Record<string, unknown> & { id: string; _createdAt: number; _updatedAt: number }

export const MISSING = Symbol('missing')
type Value = unknown

function isObject(v: Value): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Dotted path through object keys only (never array positions). */
export function get(doc: Value, field: string): Value {
  let cur: Value = doc
  for (const seg of field.split('.')) {
    if (!isObject(cur) || !Object.hasOwn(cur, seg)) return MISSING
    cur = cur[seg]
  }
  return cur
}

function kind(v: Value): string {
  if (v === MISSING) return 'missing'
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

/** Strings compare by UTF-8 bytes (= code points), as SQLite's BINARY collation does. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

function eq(v: Value, q: Value): boolean {
  if (q === null) return v === MISSING || v === null
  return kind(v) === kind(q) && v === q
}

function strictEq(v: Value, q: Value): boolean {
  return q === null ? v === null : kind(v) === kind(q) && v === q
}

function cmp(v: Value, q: number | string): number | undefined {
  if (typeof q === 'number') return typeof v === 'number' ? v - q : undefined
  return typeof v === 'string' ? compareStrings(v, q) : undefined
}

function op(v: Value, name: string, arg: unknown): boolean {
  switch (name) {
    case '$eq':
      return eq(v, arg)
    case '$ne':
      return !eq(v, arg)
    case '$in':
      return (arg as Value[]).some((x) => eq(v, x))
    case '$nin':
      return !(arg as Value[]).some((x) => eq(v, x))
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const c = cmp(v, arg as number | string)
      if (c === undefined) return false
      return name === '$gt' ? c > 0 : name === '$gte' ? c >= 0 : name === '$lt' ? c < 0 : c <= 0
    }
    case '$contains':
      if (Array.isArray(v)) return v.some((e) => strictEq(e, arg))
      return typeof v === 'string' && typeof arg === 'string' && v.includes(arg)
    case '$exists':
      return (v !== MISSING) === arg
    default:
      throw new Error(`reference: unknown operator ${name}`)
  }
}

export function matches(doc: Doc, query: Record<string, unknown>): boolean {
  return Object.entries(query).every(([key, value]) => {
    if (key === '$and') return (value as Record<string, unknown>[]).every((q) => matches(doc, q))
    if (key === '$or') return (value as Record<string, unknown>[]).some((q) => matches(doc, q))
    const v = get(doc, key)
    if (isObject(value)) return Object.entries(value).every(([name, arg]) => op(v, name, arg))
    return eq(v, value)
  })
}

const RANK: Record<string, number> = {
  missing: 0,
  null: 1,
  boolean: 2,
  number: 3,
  string: 4,
  array: 5,
  object: 6,
}

function compareValues(a: Value, b: Value): number {
  const ra = RANK[kind(a)] as number
  const rb = RANK[kind(b)] as number
  if (ra !== rb) return ra - rb
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
  return 0
}

export interface FindOptions {
  limit?: number
  offset?: number
  sort?: string
  order?: 'asc' | 'desc'
}

export function find(docs: Doc[], query: Record<string, unknown>, opts: FindOptions = {}): Doc[] {
  const dir = opts.order === 'desc' ? -1 : 1
  const sorted = docs
    .filter((d) => matches(d, query))
    .sort((a, b) => {
      if (opts.sort === undefined) {
        return dir * (a._createdAt - b._createdAt || compareStrings(a.id, b.id))
      }
      const c = compareValues(get(a, opts.sort), get(b, opts.sort))
      return dir * c || compareStrings(a.id, b.id)
    })
  const offset = opts.offset ?? 0
  return sorted.slice(offset, opts.limit === undefined ? undefined : offset + opts.limit)
}
