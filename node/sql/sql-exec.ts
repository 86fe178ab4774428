import Database from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'
import type { SqlResult } from '../../sdk/contract/verbs/sql.js'
import { ProgramGuard } from './sql-program.js'
import { KINDS_HINT, screenStatement } from './sql-screen.js'
import { collectRows, toJsonValue } from './sql-values.js'

export interface SqlRequest {
  query: string
  write: boolean
  limit: number
}

interface Conn {
  db: Database.Database
  guard: ProgramGuard
  counters: Database.Statement
}

const WRITE_HINT = 'add --write to run it (a peer needs scope sql:write)'

/**
 * Runs `fazt sql` statements on connections of its own (inside the sql worker process). Reads go to a
 * connection opened read-only with `query_only` on, kept open between calls, so the engine itself
 * refuses every write; each --write gets a fresh read-write connection and one transaction.
 */
export class SqlSession {
  readonly #path: string
  #ro: Conn | undefined

  constructor(dataPath: string) {
    this.#path = dataPath
  }

  run(req: SqlRequest): SqlResult {
    const { explain, unknown } = screenStatement(req.query)
    if (unknown) this.#syntaxError(req.query)
    return req.write ? this.#write(req, explain) : this.#read(req, explain)
  }

  /** For text that starts with no statement keyword: SQLite's own syntax error (see screenStatement). */
  #syntaxError(sql: string): never {
    this.#ro ??= this.#open(true)
    try {
      prepareOne(this.#ro.db, sql)
    } catch (e) {
      throw translate(e)
    }
    throw new AppError('PERMISSION_DENIED', 'this statement is not run through sql', { hint: KINDS_HINT })
  }

  close(): void {
    this.#ro?.db.close()
    this.#ro = undefined
  }

  #read(req: SqlRequest, explain: boolean): SqlResult {
    this.#ro ??= this.#open(true)
    const { db, guard } = this.#ro
    try {
      // One read transaction: the program check and the run see the same schema.
      db.exec('BEGIN')
      const stmt = prepareOne(db, req.query)
      if (!explain) guard.check(req.query)
      if (!stmt.readonly) {
        const message = 'this statement changes the database and sql is read-only by default'
        throw new AppError('READ_ONLY', message, { hint: WRITE_HINT })
      }
      if (!stmt.reader) return { changes: 0, last_insert_rowid: null }
      return collectRows(stmt, req.limit, false)
    } catch (e) {
      throw translate(e)
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK')
    }
  }

  // A connection per write: nothing a statement leaves on a connection outlives its call, and
  // last_insert_rowid() starts at 0, so a rowid it reports was inserted by this statement.
  #write(req: SqlRequest, explain: boolean): SqlResult {
    const { db, guard, counters } = this.#open(false)
    try {
      db.exec('BEGIN IMMEDIATE')
      const stmt = prepareOne(db, req.query)
      if (!explain) guard.check(req.query)
      const schema = guard.guardedSchema()
      const [, , totalBefore] = counters.get() as bigint[]
      const rows = stmt.reader ? collectRows(stmt, req.limit, true) : undefined
      if (!stmt.reader) stmt.run()
      if (guard.guardedSchema() !== schema) {
        const message =
          'the statement would change secret tables, triggers, virtual tables or temporary objects'
        throw new AppError('PERMISSION_DENIED', message, {
          hint: 'it was rolled back: sql leaves those to the node itself',
        })
      }
      const [changes, rowid, totalAfter] = counters.get() as bigint[]
      db.exec('COMMIT')
      const changed = totalAfter !== totalBefore ? Number(changes) : 0
      const inserted = changed > 0 && rowid !== 0n ? (toJsonValue(rowid) as number | string) : null
      const counts = { changes: changed, last_insert_rowid: inserted }
      return rows ? { ...rows, ...counts } : counts
    } catch (e) {
      throw translate(e)
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK')
      db.close()
    }
  }

  #open(readonly: boolean): Conn {
    let db: Database.Database
    try {
      db = new Database(this.#path, { readonly, fileMustExist: true })
    } catch (e) {
      throw new AppError('DB_UNREADABLE', `sql cannot open the data file: ${(e as Error).message}`)
    }
    db.pragma('busy_timeout = 5000')
    // A second engine-level lock on the read connection, beside opening it read-only.
    if (readonly) db.pragma('query_only = ON')
    else db.pragma('foreign_keys = ON')
    const counters = db
      .prepare('SELECT changes(), last_insert_rowid(), total_changes()')
      .raw(true)
      .safeIntegers(true)
    return { db, guard: new ProgramGuard(db), counters }
  }
}

/** Prepares exactly one statement; trailing whitespace, `;` and comments are fine, a second statement is not. */
function prepareOne(db: Database.Database, sql: string): Database.Statement {
  try {
    return db.prepare(sql)
  } catch (e) {
    if (e instanceof RangeError && /more than one statement/.test(e.message)) {
      const message = 'sql runs exactly one statement per call, and the query holds more'
      throw new AppError('INVALID_ARGUMENT', message, { hint: 'run the statements one at a time' })
    }
    if (e instanceof RangeError && /no statements/.test(e.message)) {
      throw new AppError('INVALID_ARGUMENT', 'the query holds no SQL statement')
    }
    throw e
  }
}

/** SQLite's own message for what the user wrote; never a path, a stack or the cause. */
function translate(e: unknown): AppError {
  if (e instanceof AppError) return e
  const code = (e as { code?: unknown }).code
  const message = (e as Error)?.message ?? String(e)
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) {
    if (e instanceof RangeError && /parameter/i.test(message)) {
      const literal = 'the statement has parameters (?, :name), and sql runs literal SQL only'
      return new AppError('INVALID_ARGUMENT', literal)
    }
    if (e instanceof RangeError || e instanceof TypeError) return new AppError('INVALID_ARGUMENT', message)
    return new AppError('INTERNAL', 'the statement failed inside the sql worker', { cause: e })
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) return new AppError('CONFLICT', message)
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new AppError('UNAVAILABLE', 'the database is busy', { hint: 'try again in a moment' })
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new AppError('READ_ONLY', message, { hint: WRITE_HINT })
  }
  if (code === 'SQLITE_AUTH') return new AppError('PERMISSION_DENIED', message)
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return new AppError('DB_CORRUPT', message)
  return new AppError('INVALID_ARGUMENT', message)
}
