import { AppError } from '../../sdk/contract/errors.js'
import { type FieldRef, type FieldResolver, fieldRef, OPS_HINT, parsePath } from './doc-path.js'
import { predicate, type Scalar } from './doc-predicates.js'
import { describe, invalid, type StorageLimits, shown } from './limits.js'
import { joinSql, type Sql, sql, TRUE } from './sql.js'

/*
 * The query language of docs/storage.md#query-language, translated to SQL over JSON1. Semantics (the reference evaluator in
 * test/node/storage/reference.ts states the same in JavaScript, and a generative test holds them equal):
 * - A field is missing, or has a JSON type: null, boolean, number, string, array, object.
 * - `{f: v}` / `$eq` with a scalar v: same type and value. `null` matches null and missing fields.
 *   Arrays and objects are not matched whole: use `$contains` or a dotted path.
 * - `$ne` / `$nin` are exactly the negation of `$eq` / `$in` (so they match missing fields).
 * - `$gt $gte $lt $lte` take a number or a string and match only fields of the same type; strings compare
 *   by code point (UTF-8 bytes), numbers as doubles.
 * - `$contains` v: an array field holding an element equal to v (same type), or a string field holding
 *   the string v as a literal substring. `$exists` true: present, even when null.
 * - `$and` / `$or` take non-empty lists of queries; keys of one object are ANDed.
 */

export interface CompiledQuery {
  where: Sql
  /** Set when the query pins `id` to one string at the top level: lets SQLite use the unique index. */
  id: string | undefined
}

const FIELD_OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$contains', '$exists'])

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null
}

export function compileQuery(
  query: unknown,
  limits: StorageLimits,
  field: FieldResolver = (name) => fieldRef(parsePath(name, limits)),
): CompiledQuery {
  // No query (undefined or null) matches everything; delete and update insist on an explicit {}.
  if (query === undefined || query === null) return { where: TRUE, id: undefined }
  if (!isPlainObject(query)) throw invalid(`a query must be an object, not ${describe(query)}`)
  const ctx = { limits, field, terms: 0 }
  const where = compileNode(query, 0, ctx)
  const id = typeof query.id === 'string' ? query.id : undefined
  return { where, id }
}

interface Ctx {
  limits: StorageLimits
  field: FieldResolver
  terms: number
}

function compileNode(q: Record<string, unknown>, depth: number, ctx: Ctx): Sql {
  const parts: Sql[] = []
  for (const [key, value] of Object.entries(q)) {
    if (key === '$and' || key === '$or') {
      if (depth >= ctx.limits.maxQueryDepth) {
        throw new AppError(
          'LIMIT_EXCEEDED',
          `the query nests $and/$or deeper than ${ctx.limits.maxQueryDepth}`,
        )
      }
      if (!Array.isArray(value) || value.length === 0)
        throw invalid(`${key} takes a non-empty list of queries`)
      const subs = value.map((sub) => {
        if (!isPlainObject(sub)) throw invalid(`each query in ${key} must be an object, not ${describe(sub)}`)
        return compileNode(sub, depth + 1, ctx)
      })
      parts.push(sql`(${joinSql(subs, key === '$and' ? ' AND ' : ' OR ')})`)
    } else if (key.startsWith('$')) {
      throw invalid(`unknown query operator ${shown(key)}`, OPS_HINT)
    } else {
      parts.push(compileField(key, value, ctx))
    }
  }
  if (parts.length === 0) return TRUE
  return parts.length === 1 ? (parts[0] as Sql) : sql`(${joinSql(parts, ' AND ')})`
}

function compileField(name: string, value: unknown, ctx: Ctx): Sql {
  const f = ctx.field(name)
  if (!isPlainObject(value)) return term(ctx, f, '$eq', scalar(name, value))
  const keys = Object.keys(value)
  const ops = keys.filter((k) => k.startsWith('$'))
  if (ops.length === 0) {
    throw invalid(
      `field ${shown(name)} is compared with an object; objects are not matched whole`,
      `match inside it with a dotted path, e.g. {"${name.slice(0, 30)}.key": value}`,
    )
  }
  if (ops.length !== keys.length) throw invalid(`field ${shown(name)} mixes operators and plain keys`)
  const parts = keys.map((op) => {
    if (!FIELD_OPS.has(op)) throw invalid(`unknown operator ${shown(op)} on field ${shown(name)}`, OPS_HINT)
    return term(ctx, f, op, operand(name, op, value[op], ctx.limits))
  })
  return parts.length === 1 ? (parts[0] as Sql) : sql`(${joinSql(parts, ' AND ')})`
}

function term(ctx: Ctx, f: FieldRef, op: string, arg: unknown): Sql {
  if (++ctx.terms > ctx.limits.maxQueryTerms) {
    throw new AppError('LIMIT_EXCEEDED', `the query has more than ${ctx.limits.maxQueryTerms} conditions`)
  }
  return predicate(f, op, arg)
}

function operand(name: string, op: string, v: unknown, limits: StorageLimits): unknown {
  switch (op) {
    case '$in':
    case '$nin': {
      if (!Array.isArray(v)) throw invalid(`${op} on ${shown(name)} takes a list, not ${describe(v)}`)
      if (v.length > limits.maxInList) {
        throw new AppError(
          'LIMIT_EXCEEDED',
          `${op} on ${shown(name)} lists ${v.length} values; the limit is ${limits.maxInList}`,
        )
      }
      return v.map((x) => scalar(name, x))
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string') return v
      throw invalid(`${op} on ${shown(name)} takes a number or a string, not ${describe(v)}`)
    case '$exists':
      if (typeof v !== 'boolean') throw invalid(`$exists on ${shown(name)} takes true or false`)
      return v
    default:
      return scalar(name, v)
  }
}

function scalar(name: string, v: unknown): Scalar {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (Array.isArray(v)) {
    throw invalid(
      `field ${shown(name)} is compared with a list`,
      'use {$in: [...]} for one of several values, {$contains: v} for array elements',
    )
  }
  throw invalid(`field ${shown(name)} is compared with ${describe(v)}; use a string, number, boolean or null`)
}
