import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/sql.js'
import { sqlPool } from '../sql/sql-pool.js'
import type { Handler } from './types.js'

// docs/sql.md#writes. The verb's declared scope is `read` (what the dispatcher checks); a --write call from anyone
// but the local owner needs `sql:write` as well, checked here because it depends on the params.
export const sql: Handler<typeof V.sql> = ({ node, caller, signal }, params) => {
  const write = params.write ?? false
  if (write && caller.kind !== 'local' && !(caller.kind === 'peer' && caller.scopes.includes('sql:write'))) {
    const name = caller.kind === 'peer' ? caller.name : 'the caller'
    throw new AppError('MISSING_SCOPE', `peer ${name} lacks scope "sql:write" for sql --write`, {
      hint: `the owner of that node can run: fazt peer grant ${name} --scopes sql:write`,
      details: { scope: 'sql:write' },
    })
  }
  const req = { query: params.query, write, limit: params.limit ?? 1000 }
  return sqlPool(node).run(req, params.timeout_ms ?? 10_000, signal)
}
