import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { tempDb } from '../helpers/paths.js'

// `fazt sql` output, byte for byte, in each format (docs/cli.md#output, docs/sql.md#results): typed JSON, CSV that round-trips
// commas, quotes, newlines, NULL versus empty text and blobs (as base64), and a plain table.

describe('fazt sql output formats', () => {
  const db = tempDb()
  const sql = (...args: string[]) => runCli(['--db', db, 'sql', ...args])
  const Q = 'SELECT id, label, data, score FROM things ORDER BY id'

  before(async () => {
    const create = await sql(
      '--write',
      'CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT, data BLOB, score REAL)',
    )
    assert.equal(create.code, 0, create.stderr)
    const insert = await sql(
      '--write',
      `INSERT INTO things (label, data, score) VALUES
        ('a,b', x'00ff10', 2.5),
        (NULL, NULL, NULL),
        ('say "hi"', x'', -0.125),
        ('line1' || char(10) || 'line2', zeroblob(3), 1e300),
        ('héllo 世界 🎉', NULL, 3),
        ('', x'fb', 0)`,
    )
    assert.equal(insert.code, 0, insert.stderr)
    assert.equal(insert.stdout, 'changes            6\nlast insert rowid  6\n')
  })

  test('json: declared types, typed values, blobs as {"$base64"}', async () => {
    const r = await runCli(['--db', db, '--json', 'sql', Q])
    assert.equal(r.code, 0, r.stderr)
    const expected = {
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'label', type: 'TEXT' },
        { name: 'data', type: 'BLOB' },
        { name: 'score', type: 'REAL' },
      ],
      rows: [
        [1, 'a,b', { $base64: 'AP8Q' }, 2.5],
        [2, null, null, null],
        [3, 'say "hi"', { $base64: '' }, -0.125],
        [4, 'line1\nline2', { $base64: 'AAAA' }, 1e300],
        [5, 'héllo 世界 🎉', null, 3],
        [6, '', { $base64: '+w==' }, 0],
      ],
      row_count: 6,
      truncated: false,
    }
    assert.equal(r.stdout, `${JSON.stringify(expected, null, 2)}\n`)
  })

  test('json: integers beyond 2^53 as strings, non-finite reals named, repeated names kept', async () => {
    const r = await sql(
      '--format',
      'json',
      "SELECT 1 AS n, 2 AS n, 9007199254740993 AS big, -9007199254740993 AS neg, 9007199254740991 AS safe, 1e999 AS inf, -1e999 AS ninf, '' AS empty, NULL AS nil, 0.1 AS tenth",
    )
    assert.deepEqual(r.json<{ rows: unknown[][] }>().rows, [
      [
        1,
        2,
        '9007199254740993',
        '-9007199254740993',
        9007199254740991,
        'Infinity',
        '-Infinity',
        '',
        null,
        0.1,
      ],
    ])
  })

  test('csv: quoting of commas, quotes and newlines; NULL empty, empty text "", blobs as base64', async () => {
    const r = await sql(Q, '--format', 'csv')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      [
        'id,label,data,score',
        '1,"a,b",AP8Q,2.5',
        '2,,,',
        '3,"say ""hi""","",-0.125',
        '4,"line1\nline2",AAAA,1e+300',
        '5,héllo 世界 🎉,,3',
        '6,"",+w==,0',
        '',
      ].join('\n'),
    )
  })

  test('csv and table: a result without rows still names its columns', async () => {
    assert.equal((await sql('SELECT id, label FROM things WHERE 0', '--format', 'csv')).stdout, 'id,label\n')
    assert.equal((await sql('SELECT id, label FROM things WHERE 0')).stdout, 'id   label\n')
  })

  test('table: column names as written, NULL shown as NULL, blobs as base64', async () => {
    const r = await sql(
      'SELECT id, label, data AS "Data", score FROM things WHERE id IN (1, 2, 3, 5, 6) ORDER BY id',
    )
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      [
        'id   label           Data   score',
        '1    a,b             AP8Q   2.5',
        '2    NULL            NULL   NULL',
        '3    say "hi"               -0.125',
        '5    héllo 世界 🎉   NULL   3',
        '6                    +w==   0',
        '',
      ].join('\n'),
    )
  })

  test('the row cap: --limit keeps the first rows and says the result was truncated', async () => {
    const json = await runCli([
      '--db',
      db,
      '--json',
      'sql',
      'SELECT id FROM things ORDER BY id',
      '--limit',
      '2',
    ])
    assert.deepEqual(json.json(), {
      columns: [{ name: 'id', type: 'INTEGER' }],
      rows: [[1], [2]],
      row_count: 2,
      truncated: true,
    })
    const csv = await sql('SELECT id FROM things ORDER BY id', '--limit', '6', '--format', 'csv')
    assert.equal(csv.stdout, 'id\n1\n2\n3\n4\n5\n6\n')
    const all = await runCli(['--db', db, '--json', 'sql', 'SELECT id FROM things', '--limit', '6'])
    assert.equal(all.json<{ truncated: boolean }>().truncated, false)
  })

  test('a --write result renders as a record, in json as an object', async () => {
    const table = await sql('--write', "UPDATE things SET score = 1 WHERE label = ''")
    assert.equal(table.stdout, 'changes            1\nlast insert rowid  -\n')
    const csv = await sql('--write', "UPDATE things SET score = 2 WHERE label = ''", '--format', 'csv')
    assert.equal(csv.stdout, 'key,value\nchanges,1\nlast_insert_rowid,\n')
    const json = await runCli(['--db', db, '--json', 'sql', '--write', "DELETE FROM things WHERE label = ''"])
    assert.equal(json.stdout, '{\n  "changes": 1,\n  "last_insert_rowid": null\n}\n')
  })
})
