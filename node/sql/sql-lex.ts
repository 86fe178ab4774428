// A small tokenizer that follows SQLite's own (tokenize.c) far enough to name a statement's leading
// keywords and read a PRAGMA: whitespace and both comment forms are skipped, strings and quoted names
// are single tokens. Where it could differ from SQLite, the callers treat what it returns as "unknown"
// and refuse, so a disagreement can only ever refuse a statement, never let one through.

export type TokenKind = 'word' | 'string' | 'quoted' | 'number' | 'punct'

export interface Token {
  kind: TokenKind
  /** Words upper-cased; strings and quoted names without their quotes; other tokens as written. */
  text: string
}

const SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r'])
// SQLite takes every byte >= 0x80 as part of a name, as well as letters, digits, `_` and `$`.
const isNameStart = (c: string) => /[A-Za-z_]/.test(c) || c.charCodeAt(0) >= 0x80
const isNamePart = (c: string) => isNameStart(c) || /[0-9$]/.test(c)

/** Tokens of `sql`, up to `max` of them. An unterminated string or name ends the list with a `punct` token. */
export function tokens(sql: string, max = Number.POSITIVE_INFINITY): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < sql.length && out.length < max) {
    const c = sql[i] as string
    if (SPACE.has(c)) {
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      const { text, next } = quoted(sql, i + 1, close)
      if (next < 0) {
        out.push({ kind: 'punct', text: sql.slice(i) })
        break
      }
      out.push({ kind: c === "'" ? 'string' : 'quoted', text })
      i = next
    } else if (isNameStart(c)) {
      let j = i + 1
      while (j < sql.length && isNamePart(sql[j] as string)) j++
      out.push({ kind: 'word', text: sql.slice(i, j).toUpperCase() })
      i = j
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      let j = i + 1
      while (j < sql.length && /[0-9A-Za-z_.]/.test(sql[j] as string)) j++
      out.push({ kind: 'number', text: sql.slice(i, j) })
      i = j
    } else {
      out.push({ kind: 'punct', text: c })
      i++
    }
  }
  return out
}

/** Reads a quoted token body from `start` to `close`; a doubled `close` is one literal (not in `[…]`). */
function quoted(sql: string, start: number, close: string): { text: string; next: number } {
  let text = ''
  let i = start
  for (;;) {
    const end = sql.indexOf(close, i)
    if (end < 0) return { text, next: -1 }
    text += sql.slice(i, end)
    if (close !== ']' && sql[end + 1] === close) {
      text += close
      i = end + 2
    } else {
      return { text, next: end + 1 }
    }
  }
}
