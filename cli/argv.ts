import { AppError } from '../sdk/contract/errors.js'

export type Format = 'table' | 'json' | 'csv'

export interface Globals {
  db?: string
  format: Format
  quiet: boolean
  debug: boolean
  peer?: string
}

const FORMATS = new Set(['table', 'json', 'csv'])

/**
 * Takes the global flags (docs/cli.md#global-flags) out of argv wherever they appear, and the `@peer` word if it comes
 * before the verb words. What remains goes to the verb's own parser.
 */
export function splitGlobals(argv: readonly string[]): { globals: Globals; rest: string[] } {
  const globals: Globals = { format: 'table', quiet: false, debug: false }
  const rest: string[] = []
  let sawVerbWord = false
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string
    if (a === '--') {
      rest.push(...argv.slice(i))
      break
    }
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined]
    const value = (): string => {
      if (inline !== undefined) return inline
      const next = argv[i + 1]
      if (next === undefined || next.startsWith('-')) throw new AppError('USAGE', `${flag} needs a value`)
      i++
      return next
    }
    if (flag === '--db') globals.db = value()
    else if (flag === '--format') {
      const f = value()
      if (!FORMATS.has(f))
        throw new AppError('USAGE', `unknown format "${f}"`, { hint: 'use table, json or csv' })
      globals.format = f as Format
    } else if (flag === '--json') globals.format = 'json'
    else if (flag === '--quiet' || flag === '-q') globals.quiet = true
    else if (flag === '--debug') globals.debug = true
    else if (!sawVerbWord && a.startsWith('@')) {
      if (globals.peer) throw new AppError('USAGE', 'only one @peer may be named')
      const name = a.slice(1)
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name))
        throw new AppError('USAGE', `"${a}" is not a valid peer name`)
      globals.peer = name
    } else {
      if (!a.startsWith('-')) sawVerbWord = true
      rest.push(a)
    }
  }
  return { globals, rest }
}
