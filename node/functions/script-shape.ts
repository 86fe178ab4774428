// Original-style api/main.js is a script whose completion value is the response (docs/functions.md#entry-points). Running the
// script text again for every request costs a parse each time (~100-300 µs for a small CRUD API, against
// ~6 µs to call a compiled function), so main.js is compiled once as a function body with `return`
// inserted before its last statement when that statement is an expression. Finding that statement needs
// only a tokenizer (strings, templates, regexes, comments, brackets) and the ASI rules at depth 0. Every
// guess is checked by compiling the pieces in QuickJS (sandbox-code.ts); anything doubtful falls back
// to evaluating the script per request, which is exact, only slower.

export interface Shape {
  /** The script with `return ` inserted before its last statement, for a function body. */
  body: string
  /** The last statement as an expression (no trailing `;`), for the compile check. */
  tail: string
  /** Everything before the last statement, for the compile check. */
  head: string
}

interface Tok {
  text: string
  start: number
  end: number
  /** A line break between this token and the previous one. */
  nl: boolean
  kind: 'id' | 'num' | 'str' | 'tpl' | 're' | 'punct'
  /** For `)`: it closed the head of if/for/while/with (so it ends no expression). */
  header?: boolean
}

const PUNCT = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '**',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '|',
  '^',
  '!',
  '~',
  '?',
  ':',
  '=',
  '.',
  '@',
  '#',
]
// Keywords after which a `/` starts a regex.
const BEFORE_EXPR = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
])
// Tokens that, at the start of a line, continue the previous expression (no ASI).
const CONTINUES = new Set([
  '(',
  '[',
  '.',
  '?.',
  ',',
  '?',
  ':',
  '=',
  '=>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '**',
  '==',
  '===',
  '!=',
  '!==',
  '<',
  '>',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '&',
  '|',
  '^',
  '<<',
  '>>',
  '>>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '**=',
  '<<=',
  '>>=',
  '>>>=',
  '&=',
  '|=',
  '^=',
  '&&=',
  '||=',
  '??=',
  'in',
  'instanceof',
  'else',
  'catch',
  'finally',
])
// Words that end no expression: a line break after them never inserts a semicolon by itself.
const OPENERS = new Set([
  'else',
  'do',
  'try',
  'finally',
  'new',
  'typeof',
  'void',
  'delete',
  'in',
  'instanceof',
  'case',
  'var',
  'let',
  'const',
  'await',
  'yield',
  'extends',
  'if',
  'for',
  'while',
  'with',
  'switch',
  'catch',
  'function',
  'class',
  'async',
  'export',
  'import',
])
// First words of statements that are not expression statements.
const STATEMENT_WORDS = new Set([
  'var',
  'let',
  'const',
  'function',
  'class',
  'if',
  'for',
  'while',
  'do',
  'switch',
  'try',
  'return',
  'throw',
  'break',
  'continue',
  'with',
  'import',
  'export',
  'debugger',
])
const RESTRICTED = new Set(['return', 'break', 'continue', 'throw'])
const ID_START = /[A-Za-z_$\u0080-\uffff\\]/
const ID_PART = /[\w$\u0080-\uffff\\\u200c\u200d]/

/** The function-body form of a script, or undefined when its last statement is not an expression. */
export function scriptShape(src: string): Shape | undefined {
  const toks = tokenize(src)
  if (!toks) return undefined
  const starts: number[] = []
  const stack: string[] = []
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Tok
    const prev = toks[i - 1]
    if (stack.length === 0) {
      if (t.kind === 'id' && t.text === 'do') return undefined
      if (!prev || (prev.text === ';' && prev.kind === 'punct') || boundary(prev, t)) starts.push(i)
    }
    if (t.kind !== 'punct') continue
    if (t.text === '(' || t.text === '[' || t.text === '{') {
      // `(` right after if/for/while/with opens a statement head.
      const head = t.text === '(' && prev?.kind === 'id' && ['if', 'for', 'while', 'with'].includes(prev.text)
      stack.push(head ? 'H' : t.text)
    } else if (t.text === ')' || t.text === ']' || t.text === '}') {
      const open = stack.pop()
      if (open === undefined) return undefined
      if (open === 'H') t.header = true
    }
  }
  if (stack.length !== 0) return undefined
  // The last statement that holds more than a `;`.
  let s = starts.length - 1
  while (s >= 0 && toks[starts[s] as number]?.text === ';') s--
  if (s < 0) return undefined
  const first = toks[starts[s] as number] as Tok
  const second = toks[(starts[s] as number) + 1]
  if (first.kind === 'punct' && (first.text === '{' || first.text === ';')) return undefined
  if (first.kind === 'id' && STATEMENT_WORDS.has(first.text)) return undefined
  if (first.kind === 'id' && first.text === 'async' && second?.text === 'function' && !second.nl)
    return undefined
  if (first.kind === 'id' && second?.text === ':') return undefined // a label
  let lastTok = toks[toks.length - 1] as Tok
  if (lastTok.text === ';' && lastTok.kind === 'punct') lastTok = toks[toks.length - 2] as Tok
  if (lastTok.start < first.start) return undefined
  return {
    body: `${src.slice(0, first.start)}return ${src.slice(first.start)}`,
    tail: src.slice(first.start, lastTok.end),
    head: src.slice(0, first.start),
  }
}

function endsExpression(t: Tok): boolean {
  if (t.kind === 'punct') return t.text === ')' ? !t.header : [']', '}', '++', '--'].includes(t.text)
  if (t.kind === 'id') return !OPENERS.has(t.text) && !RESTRICTED.has(t.text)
  return true
}

/** Does a new statement start at `t` (ASI at a line break, or after a restricted word)? */
function boundary(prev: Tok, t: Tok): boolean {
  if (!t.nl) return false
  if (prev.kind === 'id' && RESTRICTED.has(prev.text)) return true
  if (!endsExpression(prev)) return false
  if (t.kind === 'punct' && (t.text === '++' || t.text === '--')) return true
  if (t.kind === 'tpl') return false
  return !CONTINUES.has(t.text)
}

/** Tokens of a script, or undefined when it cannot be tokenized (then it is run as is). */
export function tokenize(src: string): Tok[] | undefined {
  const toks: Tok[] = []
  // Open template literals: the brace depth at which each one's `${` was entered.
  const tplDepth: number[] = []
  let depth = 0
  let i = src.startsWith('#!') ? src.indexOf('\n') : 0
  if (i < 0) return []
  let nl = false
  const push = (kind: Tok['kind'], start: number, end: number) => {
    toks.push({ kind, text: src.slice(start, end), start, end, nl })
    nl = false
  }
  const regexAllowed = () => {
    const p = toks[toks.length - 1]
    if (!p) return true
    if (p.kind === 'id') return BEFORE_EXPR.has(p.text)
    if (p.kind === 'punct') return p.text !== ')' && p.text !== ']'
    return false
  }
  while (i < src.length) {
    const c = src[i] as string
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      nl = true
      i++
    } else if (c === ' ' || c === '\t' || c === '\v' || c === '\f' || c === '\ufeff' || c === '\u00a0') {
      i++
    } else if (c === '/' && src[i + 1] === '/') {
      const e = src.indexOf('\n', i)
      i = e < 0 ? src.length : e
    } else if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2)
      if (e < 0) return undefined
      if (/[\n\r\u2028\u2029]/.test(src.slice(i, e))) nl = true
      i = e + 2
    } else if (c === '"' || c === "'") {
      const e = skipString(src, i, c)
      if (e < 0) return undefined
      push('str', i, e)
      i = e
    } else if (c === '`' || (c === '}' && tplDepth[tplDepth.length - 1] === depth)) {
      if (c === '}') tplDepth.pop()
      const r = skipTemplate(src, i + 1)
      if (!r) return undefined
      if (r.open) tplDepth.push(depth)
      push('tpl', i, r.end)
      i = r.end
    } else if (c === '/' && regexAllowed()) {
      const e = skipRegex(src, i)
      if (e < 0) return undefined
      push('re', i, e)
      i = e
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      let e = i + 1
      while (e < src.length && /[\w.]/.test(src[e] as string)) {
        e += /[eE]/.test(src[e] as string) && /[+-]/.test(src[e + 1] ?? '') ? 2 : 1
      }
      push('num', i, e)
      i = e
    } else if (ID_START.test(c)) {
      let e = i + 1
      while (e < src.length && ID_PART.test(src[e] as string)) e++
      push('id', i, e)
      i = e
    } else {
      const p = PUNCT.find((x) => src.startsWith(x, i))
      if (!p) return undefined
      if (p === '{') depth++
      else if (p === '}') depth--
      push('punct', i, i + p.length)
      i += p.length
    }
  }
  return tplDepth.length === 0 ? toks : undefined
}

function skipString(src: string, i: number, q: string): number {
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j]
    if (c === '\\') j++
    else if (c === q) return j + 1
    else if (c === '\n') return -1
  }
  return -1
}

/** From just after a backtick or a `}` closing `${`: to the closing backtick, or into the next `${`. */
function skipTemplate(src: string, i: number): { end: number; open: boolean } | undefined {
  for (let j = i; j < src.length; j++) {
    const c = src[j]
    if (c === '\\') j++
    else if (c === '`') return { end: j + 1, open: false }
    else if (c === '$' && src[j + 1] === '{') return { end: j + 2, open: true }
  }
  return undefined
}

function skipRegex(src: string, i: number): number {
  let inClass = false
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j]
    if (c === '\\') j++
    else if (c === '\n') return -1
    else if (c === '[') inClass = true
    else if (c === ']') inClass = false
    else if (c === '/' && !inClass) {
      let e = j + 1
      while (e < src.length && /[a-z]/i.test(src[e] as string)) e++
      return e
    }
  }
  return -1
}
