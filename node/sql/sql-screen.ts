import { AppError } from '../../sdk/contract/errors.js'
import { type Token, tokens } from './sql-lex.js'

// The first check of `fazt sql`, before SQLite sees the text. It exists because some statements act
// while they are *prepared*, not run: a flag PRAGMA (`PRAGMA query_only = 0`, `writable_schema = 1`)
// changes the connection inside sqlite3_prepare, even under EXPLAIN. So the statement kind is read here:
// PRAGMA only in a few read forms, every other statement keyword SQLite has either allowed (KINDS) or
// refused, and text that starts with no keyword at all is prepared only to report SQLite's own syntax
// error. Whether a statement writes is NOT decided here: the engine decides that (sql-exec.ts). Should a
// PRAGMA ever slip past, the damage stays bounded: the read connection is opened read-only at the file
// level (no pragma undoes that), better-sqlite3 runs SQLite in defensive mode, and each write gets a
// fresh connection.

/** Statement kinds that may be prepared; whether they may run is decided later. */
const KINDS = new Set([
  'SELECT',
  'WITH',
  'VALUES',
  'INSERT',
  'REPLACE',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
])

/** The read-only schema pragmas allowed, in their query form only (never `= value`). */
export const ALLOWED_PRAGMAS = [
  'table_info',
  'table_xinfo',
  'table_list',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
] as const

const TRANSACTION = 'each sql call runs one statement in a transaction of its own'
const HINTS: Record<string, string> = {
  ATTACH: "sql reads and writes this node's own data file only",
  DETACH: "sql reads and writes this node's own data file only",
  VACUUM: '`fazt db backup FILE` writes a consistent copy of the data file',
  BEGIN: TRANSACTION,
  COMMIT: TRANSACTION,
  END: TRANSACTION,
  ROLLBACK: TRANSACTION,
  SAVEPOINT: TRANSACTION,
  RELEASE: TRANSACTION,
}

/** Every other statement SQLite knows (lang.html): refused here, named in the message. */
const DENIED = new Set(['ATTACH', 'DETACH', 'VACUUM', 'ANALYZE', 'REINDEX', 'EXPLAIN', ...Object.keys(HINTS)])

export interface Screened {
  /** The statement is `EXPLAIN …`: it lists a program and never runs it. */
  explain: boolean
  /**
   * The text starts with no statement keyword at all (a typo, a stray token). Preparing it is harmless,
   * since only PRAGMA acts while prepared, and gives SQLite's own syntax error; should it prepare
   * anyway, it is refused.
   */
  unknown: boolean
}

/** Refuses, before it is prepared, any statement that is not of a kind sql runs. */
export function screenStatement(sql: string): Screened {
  const toks = tokens(sql, 8)
  if (toks.length === 0) throw new AppError('INVALID_ARGUMENT', 'the query holds no SQL statement')
  let at = 0
  const explain = word(toks[0]) === 'EXPLAIN'
  if (explain) at = word(toks[1]) === 'QUERY' && word(toks[2]) === 'PLAN' ? 3 : 1
  const kind = word(toks[at])
  if (kind === 'PRAGMA') {
    checkPragma(sql)
    return { explain, unknown: false }
  }
  if (kind && DENIED.has(kind)) {
    throw new AppError('PERMISSION_DENIED', `${kind} statements are not run through sql`, {
      hint: HINTS[kind] ?? KINDS_HINT,
    })
  }
  if (!kind || !KINDS.has(kind)) return { explain, unknown: true }
  if (kind === 'CREATE') checkCreate(toks.slice(at + 1))
  return { explain, unknown: false }
}

export const KINDS_HINT =
  'sql runs SELECT, WITH, VALUES, EXPLAIN and a few PRAGMAs; with --write also INSERT, REPLACE, UPDATE, DELETE, CREATE, DROP, ALTER'

function checkCreate(rest: Token[]): void {
  const next = word(rest[0])
  const what = word(rest[next === 'UNIQUE' ? 1 : 0])
  if (next === 'TEMP' || next === 'TEMPORARY') {
    throw new AppError('PERMISSION_DENIED', 'temporary objects are not created through sql', {
      hint: 'they would vanish with the connection: create a normal table with --write',
    })
  }
  if (what === 'TRIGGER') {
    throw new AppError('PERMISSION_DENIED', 'triggers are not created through sql', {
      hint: "a trigger runs inside the node's own writes, where sql's checks cannot see it",
    })
  }
  if (what === 'VIRTUAL') {
    throw new AppError('PERMISSION_DENIED', 'virtual tables are not created through sql', {
      hint: "a virtual table reads through statements of its own, where sql's checks cannot see it",
    })
  }
}

/** `PRAGMA [main.|temp.]name [(arg)]` with a name from ALLOWED_PRAGMAS; nothing else, never `=`. */
function checkPragma(sql: string): void {
  const toks = tokens(sql)
  let i = toks.findIndex((t) => word(t) === 'PRAGMA') + 1
  let name = word(toks[i])?.toLowerCase()
  if ((name === 'main' || name === 'temp') && toks[i + 1]?.text === '.') {
    i += 2
    name = word(toks[i])?.toLowerCase()
  }
  i++
  if (toks[i]?.text === '(' && ['word', 'string', 'quoted'].includes(toks[i + 1]?.kind ?? '')) {
    if (toks[i + 2]?.text !== ')') i = -1
    else i += 3
  }
  const tail = i < 0 ? [undefined] : toks.slice(i).filter((t) => t.text !== ';')
  if (!name || !(ALLOWED_PRAGMAS as readonly string[]).includes(name) || tail.length > 0) {
    throw new AppError(
      'PERMISSION_DENIED',
      `${name ? `PRAGMA ${name}` : 'this PRAGMA'} is not run through sql`,
      {
        hint: `allowed: ${ALLOWED_PRAGMAS.map((p) => `PRAGMA ${p}`).join(', ')}; read-only pragmas also read as tables: SELECT * FROM pragma_table_info('apps')`,
      },
    )
  }
}

function word(t: Token | undefined): string | undefined {
  return t?.kind === 'word' ? t.text : undefined
}
