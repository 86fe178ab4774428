import type Database from 'better-sqlite3'
import type { SqlColumn, SqlValue } from '../../sdk/contract/verbs/sql.js'

/** Beyond this many bytes of values a result stops growing and says `truncated` (it crosses a pipe). */
export const MAX_RESULT_BYTES = 32 * 1024 * 1024

/** One SQLite value as typed JSON (sdk/contract/verbs/sql.ts `SqlValue`). Integers arrive as bigint. */
export function toJsonValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v.toString()
  }
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v
    return Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity'
  }
  if (typeof v === 'string') return v
  if (v instanceof Uint8Array)
    return { $base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') }
  return String(v)
}

function sizeOf(v: SqlValue): number {
  if (v === null || typeof v === 'number') return 8
  if (typeof v === 'string') return v.length + 2
  return v.$base64.length + 14
}

export interface Collected {
  columns: SqlColumn[]
  rows: SqlValue[][]
  row_count: number
  truncated: boolean
}

/**
 * Steps a statement that returns rows and keeps at most `limit` of them. `drain` steps to the end even
 * past the limit (a write with RETURNING must finish all its changes before it commits).
 */
export function collectRows(stmt: Database.Statement, limit: number, drain: boolean): Collected {
  stmt.safeIntegers(true)
  stmt.raw(true)
  const columns = stmt.columns().map((c) => ({ name: c.name, type: c.type }))
  const rows: SqlValue[][] = []
  let bytes = 0
  let truncated = false
  for (const raw of stmt.iterate() as Iterable<unknown[]>) {
    if (rows.length >= limit || bytes > MAX_RESULT_BYTES) {
      truncated = true
      if (drain) continue
      break
    }
    const row = raw.map(toJsonValue)
    for (const v of row) bytes += sizeOf(v)
    rows.push(row)
  }
  return { columns, rows, row_count: rows.length, truncated }
}
