// `fazt sql` (SPEC §9): one SQL statement on the node's own data file, read-only unless --write.
import { defineVerb } from '../verb.js'

export interface SqlParams {
  query: string
  write?: boolean
  limit?: number
  timeout_ms?: number
}

/**
 * One value of a result row: SQLite's NULL, INTEGER and REAL as JSON null and numbers (an INTEGER beyond
 * ±2^53 as its decimal string, a non-finite REAL as "Infinity"/"-Infinity"), TEXT as a string, and a
 * BLOB as `{"$base64": "..."}`, so a blob can never be mistaken for text.
 */
export type SqlValue = null | number | string | { $base64: string }

export interface SqlColumn {
  name: string
  /** The declared type of the column the value comes from (`TEXT`, `INTEGER`…); null for expressions. */
  type: string | null
}

/**
 * A statement that returns rows gives `columns`, `rows` (arrays in column order: names may repeat),
 * `row_count` and `truncated` (more rows existed than the limit let through). A statement run with
 * --write also gives `changes` (rows changed) and `last_insert_rowid` (null when it inserted nothing);
 * a --write statement that returns no rows gives only those two.
 */
export interface SqlResult {
  columns?: SqlColumn[]
  rows?: SqlValue[][]
  row_count?: number
  truncated?: boolean
  changes?: number
  last_insert_rowid?: number | string | null
}

export const SQL_LIMIT_MAX = 100_000
export const SQL_TIMEOUT_MAX_MS = 120_000

const value = {
  anyOf: [
    { type: 'null' },
    { type: 'number' },
    { type: 'string' },
    {
      type: 'object',
      required: ['$base64'],
      additionalProperties: false,
      properties: { $base64: { type: 'string' } },
    },
  ],
}

export const sql = defineVerb<SqlParams, SqlResult>({
  name: 'sql',
  summary: "Run one SQL statement on the node's database (read-only unless --write)",
  scope: 'read',
  remote: true,
  params: {
    type: 'object',
    required: ['query'],
    additionalProperties: false,
    properties: {
      query: {
        type: 'string',
        minLength: 1,
        maxLength: 1_000_000,
        description: 'one SQL statement (after `--` when it starts with a dash)',
      },
      write: {
        type: 'boolean',
        default: false,
        description: 'allow a statement that changes data (a peer needs scope sql:write)',
      },
      limit: {
        type: 'integer',
        minimum: 1,
        maximum: SQL_LIMIT_MAX,
        default: 1000,
        description: `most rows returned (up to ${SQL_LIMIT_MAX})`,
      },
      timeout_ms: {
        type: 'integer',
        minimum: 1,
        maximum: SQL_TIMEOUT_MAX_MS,
        default: 10_000,
        description: `stop the statement after this many ms (up to ${SQL_TIMEOUT_MAX_MS})`,
      },
    },
  },
  result: {
    type: 'object',
    properties: {
      columns: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'type'],
          properties: { name: { type: 'string' }, type: { type: ['string', 'null'] } },
        },
      },
      rows: { type: 'array', items: { type: 'array', items: value } },
      row_count: { type: 'integer' },
      truncated: { type: 'boolean' },
      changes: { type: 'integer' },
      last_insert_rowid: { type: ['integer', 'string', 'null'] },
    },
  },
  cli: { args: ['query'], output: 'grid' },
})
