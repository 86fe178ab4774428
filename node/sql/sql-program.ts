import type Database from 'better-sqlite3'
import { AppError } from '../../sdk/contract/errors.js'

// The authorizer of `fazt sql`. better-sqlite3 has no sqlite3_set_authorizer, so the statement's
// compiled program is read instead (`EXPLAIN <statement>`): every table or index a statement reads or
// writes is opened by an opcode naming its b-tree's root page (OpenRead/OpenWrite/ReopenIdx p2, Clear
// p1, Destroy p1), and views, CTEs, subqueries, trigger bodies and foreign-key actions are all compiled
// into that same listing. Root pages map to names through sqlite_schema, so no spelling, alias, view or
// comment can hide which b-trees a statement touches. Anything the map cannot name is refused.
// sqlite_schema itself stays readable: the CREATE statements of secret tables hold no secrets, and a
// schema is what a SQL console is for. What is not visible in a program (virtual tables and triggers,
// which read or run through statements of their own) cannot be created through sql at all.

interface Op {
  opcode: string
  p1: number
  p2: number
  p3: number
  p4: unknown
  p5: number
}

/** OPFLAG_P2ISREG (sqliteInt.h): p2 of an Open op holds a register (a b-tree created by this statement). */
const P2ISREG = 0x10

/** Opcodes no sql statement may contain (the screen refuses these statements first; this is the backstop). */
const DENIED_OPS: Record<string, string> = {
  Vacuum: 'VACUUM',
  AutoCommit: 'BEGIN, COMMIT and ROLLBACK',
  Savepoint: 'SAVEPOINT and RELEASE',
  JournalMode: 'changing the journal mode',
  Checkpoint: 'checkpoints',
  VCreate: 'creating virtual tables',
  VDestroy: 'dropping virtual tables',
}

/** SQL functions never called through sql (P4 of a function opcode reads `name(argc)`). */
const DENIED_FUNCTIONS = new Set(['load_extension', 'sqlite_attach', 'sqlite_detach', 'fts3_tokenizer'])

/** Tables whose rows hold secrets (docs/sql.md#secret-tables), and ANALYZE's samples, which copy index keys verbatim. */
export function isSecretTable(name: string): boolean {
  return /^secret_/i.test(name) || /^sqlite_stat[34]$/i.test(name)
}

/** The checks of one connection, with their statements prepared once. */
export class ProgramGuard {
  readonly #db: Database.Database
  readonly #roots: Database.Statement
  readonly #guarded: Database.Statement

  constructor(db: Database.Database) {
    this.#db = db
    this.#roots = db
      .prepare(
        `SELECT 0, tbl_name, rootpage FROM main.sqlite_schema WHERE rootpage > 0
         UNION ALL SELECT 1, tbl_name, rootpage FROM temp.sqlite_schema WHERE rootpage > 0`,
      )
      .raw(true)
    this.#guarded = db
      .prepare(
        `SELECT 'main', type, name, tbl_name, rootpage, sql FROM main.sqlite_schema
          WHERE type = 'trigger' OR (type = 'table' AND rootpage = 0)
             OR name LIKE 'secret\\_%' ESCAPE '\\' OR tbl_name LIKE 'secret\\_%' ESCAPE '\\'
         UNION ALL SELECT 'temp', type, name, tbl_name, rootpage, sql FROM temp.sqlite_schema
         ORDER BY 1, 2, 3`,
      )
      .raw(true)
  }

  /** Refuses `sql` (a single statement that prepared cleanly) if its program touches a secret or nameless b-tree. */
  check(sql: string): void {
    const ops = this.#db.prepare(`EXPLAIN ${sql}`).all() as Op[]
    const owners = this.#owners()
    const created = new Set(ops.filter((o) => o.opcode === 'CreateBtree').map((o) => o.p2))
    for (const op of ops) {
      const denied = DENIED_OPS[op.opcode]
      if (denied) throw refused(`${denied} is not allowed through sql`)
      const fn = typeof op.p4 === 'string' ? /^([A-Za-z0-9_]+)\(-?\d+\)$/.exec(op.p4)?.[1] : undefined
      if (fn && DENIED_FUNCTIONS.has(fn.toLowerCase())) {
        throw refused(`the function ${fn}() is not allowed through sql`)
      }
      const touched = rootOf(op, created)
      if (touched === undefined || touched === 'new') continue
      const owner = owners.get(`${touched[0]}:${touched[1]}`)
      if (owner === undefined) throw refused("the statement touches storage outside the node's own schema")
      if (isSecretTable(owner)) {
        throw new AppError(
          'PERMISSION_DENIED',
          `${owner} holds secrets: it is never read or written through sql`,
          {
            hint: `its columns are visible: PRAGMA table_info(${owner})`,
          },
        )
      }
    }
  }

  /**
   * The schema objects a --write statement must leave exactly as they were: secret tables and their
   * indexes, triggers and virtual tables (which run or read beyond these checks), and anything temporary.
   * Compared before and after the statement, inside its transaction, so renaming a secret table away, or
   * another table into the `secret_` name space, is rolled back.
   */
  guardedSchema(): string {
    return JSON.stringify(this.#guarded.all())
  }

  /** `schema:rootpage` -> the table owning that b-tree (an index maps to its table), for main and temp. */
  #owners(): Map<string, string> {
    const owners = new Map<string, string>([
      ['0:1', 'sqlite_schema'],
      ['1:1', 'sqlite_temp_schema'],
    ])
    for (const [schema, table, root] of this.#roots.all() as [number, string, number][]) {
      owners.set(`${schema}:${root}`, table)
    }
    return owners
  }
}

/** The [schema index, root page] an op opens, 'new' for a b-tree made by this statement, or undefined. */
function rootOf(op: Op, created: Set<number>): [number, number] | 'new' | undefined {
  switch (op.opcode) {
    case 'OpenRead':
    case 'OpenWrite':
    case 'ReopenIdx':
      if (op.p5 & P2ISREG) return created.has(op.p2) ? 'new' : [op.p3, -1]
      return [op.p3, op.p2]
    case 'Clear':
      return [op.p2, op.p1]
    case 'Destroy':
      return [op.p3, op.p1]
    default:
      return undefined
  }
}

function refused(message: string): AppError {
  return new AppError('PERMISSION_DENIED', message, {
    hint: "sql reads this node's own tables; with --write it changes them one statement at a time",
  })
}
