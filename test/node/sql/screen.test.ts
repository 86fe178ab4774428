import assert from 'node:assert/strict'
import { test } from 'node:test'
import { tokens } from '../../../node/sql/sql-lex.js'
import { screenStatement } from '../../../node/sql/sql-screen.js'
import type { AppError } from '../../../sdk/contract/errors.js'

// The check before SQLite sees the text. It only has to name the statement kind; whether a statement
// writes is the engine's call, so INSERT after a comment passes here and is refused later.

function screen(sql: string): string {
  try {
    const s = screenStatement(sql)
    return s.unknown ? 'unknown' : s.explain ? 'explain' : 'prepare'
  } catch (e) {
    return (e as AppError).code
  }
}

test('statement kinds: which may be prepared, which are refused before SQLite sees them', () => {
  const table: [string, string][] = [
    ['SELECT 1', 'prepare'],
    ['  select 1', 'prepare'],
    ['/* c */ INSERT INTO t VALUES (1)', 'prepare'],
    ['-- c\nINSERT INTO t VALUES (1)', 'prepare'],
    ['/* a */ -- b\n /* c */ WITH x AS (SELECT 1) DELETE FROM t', 'prepare'],
    ['VALUES (1), (2)', 'prepare'],
    ['REPLACE INTO t VALUES (1)', 'prepare'],
    ['CREATE UNIQUE INDEX i ON t (x)', 'prepare'],
    ['CREATE VIEW v AS SELECT 1', 'prepare'],
    ['ALTER TABLE t ADD COLUMN y', 'prepare'],
    ['EXPLAIN SELECT 1', 'explain'],
    ['EXPLAIN QUERY PLAN SELECT 1', 'explain'],
    ['explain query plan delete from t', 'explain'],
    ['SELEC 1', 'unknown'],
    ['"SELECT" 1', 'unknown'],
    ['(SELECT 1)', 'unknown'],
    ['\0PRAGMA query_only = 0', 'unknown'],
    ["ATTACH 'x.db' AS x", 'PERMISSION_DENIED'],
    ['/**/attach database ? as x', 'PERMISSION_DENIED'],
    ['DETACH x', 'PERMISSION_DENIED'],
    ['VACUUM', 'PERMISSION_DENIED'],
    ["VACUUM INTO '/tmp/copy.db'", 'PERMISSION_DENIED'],
    ['BEGIN', 'PERMISSION_DENIED'],
    ['COMMIT', 'PERMISSION_DENIED'],
    ['END', 'PERMISSION_DENIED'],
    ['ROLLBACK', 'PERMISSION_DENIED'],
    ['SAVEPOINT a', 'PERMISSION_DENIED'],
    ['RELEASE a', 'PERMISSION_DENIED'],
    ['ANALYZE', 'PERMISSION_DENIED'],
    ['REINDEX', 'PERMISSION_DENIED'],
    ['EXPLAIN EXPLAIN SELECT 1', 'PERMISSION_DENIED'],
    ['EXPLAIN VACUUM', 'PERMISSION_DENIED'],
    ['CREATE TEMP TABLE t (x)', 'PERMISSION_DENIED'],
    ['CREATE TEMPORARY VIEW v AS SELECT 1', 'PERMISSION_DENIED'],
    ['CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; END', 'PERMISSION_DENIED'],
    ['CREATE VIRTUAL TABLE f USING fts5(x)', 'PERMISSION_DENIED'],
    ['', 'INVALID_ARGUMENT'],
    [' ;', 'unknown'],
    ['-- nothing but a comment', 'INVALID_ARGUMENT'],
  ]
  assert.deepEqual(
    table.map(([q]) => [q, screen(q)]),
    table,
  )
})

test('pragmas: a few schema reads in query form, nothing that sets or acts', () => {
  const table: [string, string][] = [
    ['PRAGMA table_info(settings)', 'prepare'],
    ["PRAGMA table_info('settings');", 'prepare'],
    ['pragma main.index_list("apps")', 'prepare'],
    ['PRAGMA table_list', 'prepare'],
    ['PRAGMA foreign_key_list(peers) -- why not', 'prepare'],
    ['EXPLAIN PRAGMA table_info(settings)', 'explain'],
    ['PRAGMA writable_schema=1', 'PERMISSION_DENIED'],
    ['PRAGMA writable_schema', 'PERMISSION_DENIED'],
    ['PRAGMA query_only = OFF', 'PERMISSION_DENIED'],
    ['PRAGMA journal_mode = DELETE', 'PERMISSION_DENIED'],
    ['PRAGMA user_version = 3', 'PERMISSION_DENIED'],
    ['PRAGMA database_list', 'PERMISSION_DENIED'],
    ['PRAGMA table_info = 1', 'PERMISSION_DENIED'],
    ['PRAGMA table_info(a) = 1', 'PERMISSION_DENIED'],
    ['PRAGMA table_info(a, b)', 'PERMISSION_DENIED'],
    ['PRAGMA x.table_info(a)', 'PERMISSION_DENIED'],
    ['PRAGMA "table_info"(a)', 'PERMISSION_DENIED'],
    ['EXPLAIN QUERY PLAN PRAGMA query_only = 0', 'PERMISSION_DENIED'],
    ['/* x */ PRAGMA\nwritable_schema\n=\n1', 'PERMISSION_DENIED'],
  ]
  assert.deepEqual(
    table.map(([q]) => [q, screen(q)]),
    table,
  )
})

test('the tokenizer skips what SQLite skips and keeps quoted text whole', () => {
  assert.deepEqual(tokens('/* a */ select -- b\n \'it\'\'s\' , "x""y" [z] `w` 1.5e3 $'), [
    { kind: 'word', text: 'SELECT' },
    { kind: 'string', text: "it's" },
    { kind: 'punct', text: ',' },
    { kind: 'quoted', text: 'x"y' },
    { kind: 'quoted', text: 'z' },
    { kind: 'quoted', text: 'w' },
    { kind: 'number', text: '1.5e3' },
    { kind: 'punct', text: '$' },
  ])
  assert.deepEqual(tokens("select 'open"), [
    { kind: 'word', text: 'SELECT' },
    { kind: 'punct', text: "'open" },
  ])
  assert.deepEqual(tokens('/* never closed select'), [])
  assert.deepEqual(tokens('\v\f\r\n\tx'), [{ kind: 'word', text: 'X' }])
  assert.deepEqual(tokens('étoile'), [{ kind: 'word', text: 'ÉTOILE' }])
})

test('refusals name the statement and say what to do instead', () => {
  const messages = ["VACUUM INTO '/tmp/c.db'", "ATTACH 'x' AS y", 'PRAGMA writable_schema = 1', 'BEGIN'].map(
    (q) => {
      try {
        screenStatement(q)
        return ''
      } catch (e) {
        return `${(e as AppError).message} | ${(e as AppError).hint}`
      }
    },
  )
  assert.match(messages[0] as string, /^VACUUM statements are not run through sql \| `fazt db backup FILE`/)
  assert.match(messages[1] as string, /^ATTACH statements are not run through sql \| .*own data file/)
  assert.match(
    messages[2] as string,
    /^PRAGMA writable_schema is not run through sql \| allowed: PRAGMA table_info/,
  )
  assert.match(messages[3] as string, /one statement in a transaction of its own/)
})
