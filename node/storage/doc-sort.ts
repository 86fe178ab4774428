import { type FieldResolver, fieldRef, parsePath } from './doc-path.js'
import { describe, invalid, type StorageLimits } from './limits.js'
import { Sql, sql } from './sql.js'

const ASC = new Sql('ASC', [])
const DESC = new Sql('DESC', [])

/**
 * ORDER BY for `{sort, order}`. Without `sort`: oldest first (_createdAt, then id). With a field, mixed
 * types order deterministically by type rank, then value within the type, then id ascending:
 *   missing < null < booleans (false < true) < numbers < strings (by code point) < arrays < objects
 * Arrays and objects are not ordered among themselves (their ties fall to id). `desc` reverses rank and
 * value; ties still go by id ascending.
 */
export function orderBy(
  sort: unknown,
  order: unknown,
  limits: StorageLimits,
  field: FieldResolver = (name) => fieldRef(parsePath(name, limits)),
): Sql {
  if (order !== undefined && order !== 'asc' && order !== 'desc') {
    throw invalid(`order must be "asc" or "desc", not ${describe(order)}`)
  }
  const dir = order === 'desc' ? DESC : ASC
  if (sort === undefined) return sql`d.created_at ${dir}, d.id ${dir}`
  if (typeof sort !== 'string') throw invalid(`sort must be a field name, not ${describe(sort)}`)
  const f = field(sort)
  if (f.column === 'id') return sql`d.id ${dir}`
  if (f.column === 'created_at') return sql`d.created_at ${dir}, d.id ASC`
  if (f.column === 'updated_at') return sql`d.updated_at ${dir}, d.id ASC`
  if (f.path === null) return sql`d.id ASC`
  const rank = sql`CASE ${f.type} WHEN 'missing' THEN 0 WHEN 'null' THEN 1 WHEN 'false' THEN 2
    WHEN 'true' THEN 2 WHEN 'integer' THEN 3 WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'array' THEN 5
    ELSE 6 END`
  const value = sql`CASE WHEN ${f.type} IN ('integer', 'real') THEN CAST(${f.raw} AS REAL)
    WHEN ${f.type} IN ('text', 'true', 'false') THEN ${f.raw} END`
  return sql`${rank} ${dir}, ${value} ${dir}, d.id ASC`
}
