import { Command, CommanderError, Option } from 'commander'
import { catalogue } from '../sdk/contract/catalogue.js'
import { AppError } from '../sdk/contract/errors.js'
import type { JsonSchema, VerbDef } from '../sdk/contract/verb.js'

export interface Parsed {
  verb: VerbDef
  params: Record<string, unknown>
}

type Prop = JsonSchema & {
  type?: string | string[]
  description?: string
  default?: unknown
  items?: JsonSchema
}

const kebab = (s: string) =>
  s
    .replaceAll('_', '-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()

/** Builds the commander tree from the verb catalogue and parses argv into one typed verb call. */
export async function parseVerb(
  argv: string[],
  write: { out(s: string): void; err(s: string): void },
): Promise<Parsed | undefined> {
  let parsed: Parsed | undefined
  const program = new Command('fazt')
    .description('fazt: a personal cloud in one process and one SQLite file; every node an equal peer')
    .usage('[global flags] [@PEER] <command> [args] [flags]')
    .option('--db <path>', 'data file (default: $FAZT_DB, $FAZT_HOME/data.db, ~/.fazt/data.db)')
    .option('--format <format>', 'output: table, json or csv')
    .option('--json', 'same as --format json')
    .option('-q, --quiet', 'no progress, no decoration')
    .option('--debug', 'show error causes')
    .option('-V, --version', 'print the version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: write.out, writeErr: () => {}, outputError: () => {} })
    .addHelpText('after', '\nRun a verb on a paired peer: fazt @NAME <command> ...')

  const groups = new Map<string, Command>()
  const groupOf = (words: string[]): Command => {
    let parent = program
    for (let i = 0; i < words.length; i++) {
      const key = words.slice(0, i + 1).join(' ')
      let g = groups.get(key)
      if (!g) {
        g = parent.command(words[i] as string).description(`${words.slice(0, i + 1).join(' ')} commands`)
        g.exitOverride().configureOutput({ writeOut: write.out, writeErr: () => {}, outputError: () => {} })
        groups.set(key, g)
      }
      parent = g
    }
    return parent
  }

  for (const verb of catalogue) {
    const words = verb.cli?.words ?? verb.name.split('.')
    const parent = groupOf(words.slice(0, -1))
    const cmd = parent.command(words.at(-1) as string).description(verb.summary)
    cmd.exitOverride().configureOutput({ writeOut: write.out, writeErr: () => {}, outputError: () => {} })
    const props = (verb.params.properties ?? {}) as Record<string, Prop>
    const required = new Set((verb.params.required ?? []) as string[])
    const args = (verb.cli?.args ?? []).map((a) => ({
      name: a.replace(/\.\.\.$/, ''),
      variadic: a.endsWith('...'),
    }))
    for (const a of args) {
      const label = `${a.name.toUpperCase()}${a.variadic ? '...' : ''}`
      cmd.argument(required.has(a.name) ? `<${label}>` : `[${label}]`, props[a.name]?.description ?? '')
    }
    const short = Object.fromEntries(Object.entries(verb.cli?.short ?? {}).map(([s, p]) => [p, s]))
    const flagProps = Object.entries(props).filter(([k]) => !args.some((a) => a.name === k))
    for (const [key, p] of flagProps) {
      const s = short[key] ? `-${short[key]}, ` : ''
      const isBool = typeOf(p) === 'boolean'
      const opt = new Option(`${s}--${kebab(key)}${isBool ? '' : ' <value>'}`, p.description ?? '')
      if (p.default !== undefined && !isBool) opt.default(p.default)
      if (required.has(key)) opt.makeOptionMandatory(true)
      cmd.addOption(opt)
      if (isBool && p.default === true) cmd.addOption(new Option(`--no-${kebab(key)}`).hideHelp())
    }
    cmd.action((...received: unknown[]) => {
      const opts = (received[args.length] ?? {}) as Record<string, unknown>
      const params: Record<string, unknown> = {}
      args.forEach((a, i) => {
        const v = received[i]
        if (v !== undefined) params[a.name] = convert(a.name, props[a.name], v)
      })
      for (const [key, p] of flagProps) {
        const v = opts[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())]
        if (v !== undefined && !(p.default !== undefined && v === p.default)) params[key] = convert(key, p, v)
      }
      parsed = { verb, params }
    })
  }

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return undefined
      if (e.code === 'commander.help')
        throw new AppError('USAGE', 'a command is needed', { hint: 'see the list above, or fazt --help' })
      const [msg, suggestion] = e.message.replace(/^error: /, '').split('\n')
      throw new AppError('USAGE', msg ?? e.message, {
        hint: suggestion ? suggestion.replace(/^\((.*)\)$/, '$1').toLowerCase() : 'see fazt --help',
      })
    }
    throw e
  }
  if (!parsed) {
    program.outputHelp()
    if (argv.length === 0) return undefined
    throw new AppError('USAGE', `unknown command "${argv.join(' ')}"`, { hint: 'see fazt --help' })
  }
  return parsed
}

/** The JSON type a flag's value converts to: unions (nullable, literals) by their first non-null member. */
function typeOf(p: Prop | undefined): string {
  if (Array.isArray(p?.anyOf)) {
    const member = (p.anyOf as Prop[]).find((m) => m.type !== 'null')
    return member ? typeOf(member) : 'any'
  }
  const t = p?.type
  return Array.isArray(t) ? (t.find((x) => x !== 'null') ?? 'string') : (t ?? 'any')
}

/** Turns argv strings into the types the verb's schema declares; a bad value is a usage error (exit 2). */
function convert(name: string, p: Prop | undefined, v: unknown): unknown {
  const t = typeOf(p)
  if (Array.isArray(v)) return v.map((x) => convert(name, p?.items as Prop, x))
  if (typeof v !== 'string') return v
  const bad = (what: string) => new AppError('USAGE', `${kebab(name)}: "${v}" is not ${what}`)
  switch (t) {
    case 'integer': {
      if (!/^-?\d+$/.test(v)) throw bad('a whole number')
      return Number(v)
    }
    case 'number': {
      const n = Number(v)
      if (v.trim() === '' || !Number.isFinite(n)) throw bad('a number')
      return n
    }
    case 'array':
      return v.split(',').map((x) => convert(name, p?.items as Prop, x.trim()))
    case 'any':
    case 'object':
      try {
        return JSON.parse(v)
      } catch {
        throw bad('valid JSON')
      }
    default:
      return v
  }
}
