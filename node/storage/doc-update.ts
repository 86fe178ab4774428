import { parsePath, RESERVED } from './doc-path.js'
import { isPlainObject } from './doc-query.js'
import { describe, invalid, type StorageLimits, shown } from './limits.js'

/** The changes of one `update`, validated once and applied to each matching document. */
export interface ChangePlan {
  set: [path: string[], value: unknown][]
  unset: string[][]
  inc: [path: string[], by: number][]
}

const UPDATE_OPS = new Set(['$set', '$unset', '$inc'])

/**
 * `{$set: {...}, $unset: {...}, $inc: {...}}`, or plain fields (`{a: 1}` = `{$set: {a: 1}}`). Paths are
 * dotted like query fields; id and the timestamps cannot be changed; two changes may not touch the same
 * path or one inside the other.
 */
export function compileChanges(changes: unknown, limits: StorageLimits): ChangePlan {
  if (!isPlainObject(changes)) throw invalid(`changes must be an object, not ${describe(changes)}`)
  const keys = Object.keys(changes)
  if (keys.length === 0) throw invalid('changes must not be empty')
  const ops = keys.filter((k) => k.startsWith('$'))
  const plan: ChangePlan = { set: [], unset: [], inc: [] }
  const seen: string[][] = []
  const path = (name: string) => {
    const p = parsePath(name, limits)
    if ((RESERVED as readonly string[]).includes(p[0] as string)) {
      throw invalid(`${shown(name)} cannot be changed`, 'id, _createdAt and _updatedAt are kept by the store')
    }
    for (const q of seen) {
      const n = Math.min(p.length, q.length)
      if (p.slice(0, n).every((s, i) => s === q[i])) {
        throw invalid(`the changes touch ${shown(name)} and ${shown(q.join('.'))} at once`)
      }
    }
    seen.push(p)
    return p
  }
  const setAll = (fields: Record<string, unknown>) => {
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
        throw invalid(
          `$set of ${shown(name)} needs a JSON value, not ${describe(value)}`,
          'use $unset to remove a field',
        )
      }
      plan.set.push([path(name), value])
    }
  }
  if (ops.length === 0) {
    setAll(changes)
    return plan
  }
  if (ops.length !== keys.length) throw invalid('changes mix operators ($set, ...) and plain fields')
  for (const op of ops) {
    const fields = changes[op]
    if (!UPDATE_OPS.has(op)) throw invalid(`unknown update operator ${shown(op)}`, 'use $set, $unset or $inc')
    if (!isPlainObject(fields)) throw invalid(`${op} takes an object of fields, not ${describe(fields)}`)
    if (op === '$set') setAll(fields)
    else if (op === '$unset') for (const name of Object.keys(fields)) plan.unset.push(path(name))
    else {
      for (const [name, by] of Object.entries(fields)) {
        if (typeof by !== 'number' || !Number.isFinite(by)) {
          throw invalid(`$inc of ${shown(name)} takes a number, not ${describe(by)}`)
        }
        plan.inc.push([path(name), by])
      }
    }
  }
  return plan
}

/** Applies a plan to a parsed document in place. Throws (changing nothing stored) on a type clash. */
export function applyChanges(doc: Record<string, unknown>, plan: ChangePlan): void {
  for (const [p, value] of plan.set) {
    const parent = parentOf(doc, p, true) as Record<string, unknown>
    put(parent, p.at(-1) as string, value)
  }
  for (const p of plan.unset) {
    const parent = parentOf(doc, p, false)
    const key = p.at(-1) as string
    if (parent && Object.hasOwn(parent, key)) delete parent[key]
  }
  for (const [p, by] of plan.inc) {
    const parent = parentOf(doc, p, true) as Record<string, unknown>
    const key = p.at(-1) as string
    const current = Object.hasOwn(parent, key) ? parent[key] : 0
    if (typeof current !== 'number') {
      throw invalid(`cannot $inc ${shown(p.join('.'))}: it holds ${describe(current)}, not a number`)
    }
    const next = current + by
    if (!Number.isFinite(next)) throw invalid(`$inc of ${shown(p.join('.'))} overflows`)
    put(parent, key, next)
  }
}

/** The object holding the last segment; missing objects on the way are created when `create`. */
function parentOf(
  doc: Record<string, unknown>,
  p: string[],
  create: boolean,
): Record<string, unknown> | undefined {
  let cur = doc
  for (let i = 0; i < p.length - 1; i++) {
    const key = p[i] as string
    if (!Object.hasOwn(cur, key)) {
      if (!create) return undefined
      put(cur, key, {})
    }
    const next = cur[key]
    if (!isPlainObject(next)) {
      if (!create) return undefined
      throw invalid(
        `cannot change ${shown(p.join('.'))}: ${shown(p.slice(0, i + 1).join('.'))} holds ${describe(next)}`,
      )
    }
    cur = next
  }
  return cur
}

/** An own property, even for `__proto__` (plain assignment would change the prototype instead). */
function put(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true })
  } else obj[key] = value
}
