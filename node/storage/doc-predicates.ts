import type { FieldRef } from './doc-path.js'
import { FALSE, joinSql, type Sql, sql } from './sql.js'

export type Scalar = string | number | boolean | null

/*
 * One condition on one field, as SQL that is always 0 or 1, never NULL: `f.type` is never NULL (a
 * missing field is 'missing'), and each value comparison sits behind a type test that guarantees a
 * non-NULL value. So NOT and OR behave as in the reference evaluator (no three-valued logic surprises).
 * Numbers compare as doubles (CAST AS REAL), as JavaScript reads them: SQLite reads a JSON integer such
 * as 1152921504606847000 exactly as an int64, which differs from the double a JS program stored.
 */
export function predicate(f: FieldRef, op: string, arg: unknown): Sql {
  switch (op) {
    case '$eq':
      return eq(f, arg as Scalar)
    case '$ne':
      return sql`(NOT ${eq(f, arg as Scalar)})`
    case '$in':
      return inList(f, arg as Scalar[])
    case '$nin':
      return sql`(NOT ${inList(f, arg as Scalar[])})`
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return compare(f, op, arg as string | number)
    case '$contains':
      return contains(f, arg as Scalar)
    case '$exists':
      return arg ? sql`(${f.type} <> 'missing')` : sql`(${f.type} = 'missing')`
    default:
      throw new Error(`unhandled operator ${op}`)
  }
}

function eq(f: FieldRef, v: Scalar): Sql {
  if (v === null) return sql`(${f.type} IN ('missing', 'null'))`
  if (v === true) return sql`(${f.type} = 'true')`
  if (v === false) return sql`(${f.type} = 'false')`
  if (typeof v === 'string') return sql`(${f.type} = 'text' AND ${f.raw} = ${v})`
  return sql`(${f.type} IN ('integer', 'real') AND CAST(${f.raw} AS REAL) = ${v})`
}

function inList(f: FieldRef, list: Scalar[]): Sql {
  const strings = list.filter((v) => typeof v === 'string')
  const numbers = list.filter((v) => typeof v === 'number')
  const parts: Sql[] = []
  // One bound JSON array per type: the SQL text does not grow with the list, so statements are reused.
  if (strings.length > 0) {
    parts.push(
      sql`(${f.type} = 'text' AND ${f.raw} IN (SELECT value FROM json_each(${JSON.stringify(strings)})))`,
    )
  }
  if (numbers.length > 0) {
    parts.push(sql`(${f.type} IN ('integer', 'real') AND CAST(${f.raw} AS REAL) IN
      (SELECT CAST(value AS REAL) FROM json_each(${JSON.stringify(numbers)})))`)
  }
  if (list.includes(true)) parts.push(eq(f, true))
  if (list.includes(false)) parts.push(eq(f, false))
  if (list.includes(null)) parts.push(eq(f, null))
  if (parts.length === 0) return FALSE
  return sql`(${joinSql(parts, ' OR ')})`
}

function compare(f: FieldRef, op: '$gt' | '$gte' | '$lt' | '$lte', v: string | number): Sql {
  const value = typeof v === 'string' ? sql`${f.raw}` : sql`CAST(${f.raw} AS REAL)`
  const type = typeof v === 'string' ? sql`${f.type} = 'text'` : sql`${f.type} IN ('integer', 'real')`
  switch (op) {
    case '$gt':
      return sql`(${type} AND ${value} > ${v})`
    case '$gte':
      return sql`(${type} AND ${value} >= ${v})`
    case '$lt':
      return sql`(${type} AND ${value} < ${v})`
    case '$lte':
      return sql`(${type} AND ${value} <= ${v})`
  }
}

function contains(f: FieldRef, v: Scalar): Sql {
  // instr, not LIKE: the needle is literal, `%` and `_` included.
  const inText = typeof v === 'string' ? sql`instr(${f.raw}, ${v}) > 0` : FALSE
  if (f.path === null) return f.column === 'id' ? sql`(${inText})` : FALSE
  const element = elementEq(v)
  return sql`(CASE ${f.type} WHEN 'array' THEN EXISTS
    (SELECT 1 FROM json_each(d.data, ${f.path}) AS e WHERE ${element})
    WHEN 'text' THEN ${inText} ELSE 0 END)`
}

function elementEq(v: Scalar): Sql {
  if (v === null) return sql`e.type = 'null'`
  if (v === true) return sql`e.type = 'true'`
  if (v === false) return sql`e.type = 'false'`
  if (typeof v === 'string') return sql`e.type = 'text' AND e.value = ${v}`
  return sql`e.type IN ('integer', 'real') AND CAST(e.value AS REAL) = ${v}`
}
