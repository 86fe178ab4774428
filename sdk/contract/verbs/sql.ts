// `fazt sql` (docs/sql.md): one SQL statement on the node's own data file, read-only unless --write.
import { type Static, Type } from '@sinclair/typebox'
import { Nullable, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

export const SQL_LIMIT_MAX = 100_000
export const SQL_TIMEOUT_MAX_MS = 120_000

/**
 * One value of a result row: SQLite's NULL, INTEGER and REAL as JSON null and numbers (an INTEGER beyond
 * ±2^53 as its decimal string, a non-finite REAL as "Infinity"/"-Infinity"), TEXT as a string, and a
 * BLOB as `{"$base64": "..."}`, so a blob can never be mistaken for text.
 */
export const SqlValue = Type.Union([
  Type.Null(),
  Type.Number(),
  Type.String(),
  Result({ $base64: Type.String() }),
])
export type SqlValue = Static<typeof SqlValue>

export const SqlColumn = Result({
  name: Type.String(),
  /** The declared type of the column the value comes from (`TEXT`, `INTEGER`…); null for expressions. */
  type: Nullable(Type.String()),
})
export type SqlColumn = Static<typeof SqlColumn>

/**
 * A statement that returns rows gives `columns`, `rows` (arrays in column order: names may repeat),
 * `row_count` and `truncated` (more rows existed than the limit let through). A statement run with
 * --write also gives `changes` (rows changed) and `last_insert_rowid` (null when it inserted nothing);
 * a --write statement that returns no rows gives only those two.
 */
export const SqlResult = Result({
  columns: Type.Optional(Type.Array(SqlColumn)),
  rows: Type.Optional(Type.Array(Type.Array(SqlValue))),
  row_count: Type.Optional(Type.Integer({ minimum: 0 })),
  truncated: Type.Optional(Type.Boolean()),
  changes: Type.Optional(Type.Integer({ minimum: 0 })),
  last_insert_rowid: Type.Optional(Nullable(Type.Union([Type.Integer(), Type.String()]))),
})
export type SqlResult = Static<typeof SqlResult>

export const sql = defineVerb({
  name: 'sql',
  summary: "Run one SQL statement on the node's database (read-only unless --write)",
  scope: 'read',
  remote: true,
  params: Params({
    query: Type.String({
      minLength: 1,
      maxLength: 1_000_000,
      description: 'one SQL statement (after `--` when it starts with a dash)',
    }),
    write: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'allow a statement that changes data (a peer needs scope sql:write)',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: SQL_LIMIT_MAX,
        default: 1000,
        description: `most rows returned (up to ${SQL_LIMIT_MAX})`,
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: SQL_TIMEOUT_MAX_MS,
        default: 10_000,
        description: `stop the statement after this many ms (up to ${SQL_TIMEOUT_MAX_MS})`,
      }),
    ),
  }),
  result: SqlResult,
  cli: { args: ['query'], output: 'grid' },
})
export type SqlParams = Static<typeof sql.params>
