import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Caller } from '../../../node/core/caller.js'
import { openNodeContext } from '../../../node/core/context.js'
import { sqlPool } from '../../../node/sql/sql-pool.js'
import { call } from '../../../node/verbs/dispatch.js'
import { AppError, exitCodeOf, statusOf } from '../../../sdk/contract/errors.js'
import type { SqlResult } from '../../../sdk/contract/verbs/sql.js'
import { seededDb } from './fixture.js'

// The `sql` verb through the one call path (dispatch.ts), as the peer gateway will call it.

const peer = (...scopes: ('read' | 'sql:write')[]): Caller => ({
  kind: 'peer',
  peerId: 'p1',
  name: 'zyt',
  keyId: 'k1',
  scopes,
})

async function outcome(node: ReturnType<typeof openNodeContext>, caller: Caller, params: unknown) {
  try {
    return (await call(node, caller, 'sql', params)) as SqlResult
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
}

test('--write from a peer needs scope sql:write; reads need only read', async () => {
  const node = openNodeContext(seededDb())
  try {
    const insert = { query: "INSERT INTO settings VALUES ('p', 'q', 1)", write: true }
    const denied = await outcome(node, peer('read'), insert)
    assert.ok(denied instanceof AppError)
    assert.equal(denied.code, 'MISSING_SCOPE')
    assert.deepEqual(denied.details, { scope: 'sql:write' })
    assert.equal(exitCodeOf(denied.code), 77)
    assert.match(denied.hint ?? '', /--scopes sql:write/)

    const noRead = await outcome(node, peer('sql:write'), { query: 'SELECT 1' })
    assert.ok(noRead instanceof AppError && noRead.code === 'MISSING_SCOPE')
    assert.deepEqual(noRead.details, { scope: 'read' })

    const read = await outcome(node, peer('read'), {
      query: "SELECT value FROM settings WHERE key = 'colour'",
    })
    assert.deepEqual((read as SqlResult).rows, [['blue']])
    // Without --write, a peer's write is refused by the engine like anyone's.
    const sneaky = await outcome(node, peer('read'), {
      query: "/* hi */ INSERT INTO settings VALUES ('p', 'q', 1)",
    })
    assert.ok(sneaky instanceof AppError && sneaky.code === 'READ_ONLY')
    assert.equal(statusOf('READ_ONLY'), 403)
    assert.equal(exitCodeOf('READ_ONLY'), 1)

    const granted = await outcome(node, peer('read', 'sql:write'), insert)
    assert.equal((granted as SqlResult).changes, 1)
    const secret = await outcome(node, peer('read', 'sql:write'), { query: 'SELECT * FROM secret_invites' })
    assert.ok(secret instanceof AppError && secret.code === 'PERMISSION_DENIED')
    const local = await outcome(
      node,
      { kind: 'local' },
      { ...insert, query: "INSERT INTO settings VALUES ('l', 'm', 1)" },
    )
    assert.equal((local as SqlResult).changes, 1)
  } finally {
    sqlPool(node).close()
    node.close()
  }
})

test('params are bounded: limit, time limit, one query string, nothing else', async () => {
  const node = openNodeContext(seededDb())
  try {
    const bad = [
      {},
      { query: '' },
      { query: 'SELECT 1', limit: 0 },
      { query: 'SELECT 1', limit: 100_001 },
      { query: 'SELECT 1', timeout_ms: 0 },
      { query: 'SELECT 1', timeout_ms: 120_001 },
      { query: 'SELECT 1', write: 'yes' },
      { query: 'SELECT 1', bogus: true },
      { query: ['SELECT 1'] },
    ]
    for (const p of bad) {
      const r = await outcome(node, { kind: 'local' }, p)
      assert.ok(r instanceof AppError && r.code === 'INVALID_ARGUMENT', JSON.stringify(p))
    }
    const many = await outcome(
      node,
      { kind: 'local' },
      {
        query: 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5000) SELECT x FROM c',
      },
    )
    assert.equal((many as SqlResult).row_count, 1000, 'the default limit is 1000 rows')
    assert.equal((many as SqlResult).truncated, true)
    const exact = await outcome(node, { kind: 'local' }, { query: 'SELECT 1 UNION ALL SELECT 2', limit: 2 })
    assert.deepEqual(exact, {
      columns: [{ name: '1', type: null }],
      rows: [[1], [2]],
      row_count: 2,
      truncated: false,
    })
  } finally {
    sqlPool(node).close()
    node.close()
  }
})
