// The CLI reference in README.md, generated from the verb catalogue (checked by test/readme.test.ts).
import { catalogue } from './catalogue.js'
import type { JsonSchema } from './verb.js'

type Prop = JsonSchema & { type?: string | string[]; description?: string; default?: unknown }

const kebab = (s: string) =>
  s
    .replaceAll('_', '-')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()

export function cliReference(): string {
  const lines = ['| command | what it does | scope | on a peer |', '|---|---|---|---|']
  for (const v of [...catalogue].sort((a, b) => a.name.localeCompare(b.name))) {
    const words = v.cli?.words ?? v.name.split('.')
    const props = (v.params.properties ?? {}) as Record<string, Prop>
    const args = (v.cli?.args ?? []).map((a) => a.replace(/\.\.\.$/, ''))
    const required = new Set((v.params.required ?? []) as string[])
    const argText = (v.cli?.args ?? []).map((a) => {
      const n = a.replace(/\.\.\.$/, '').toUpperCase() + (a.endsWith('...') ? '...' : '')
      return required.has(a.replace(/\.\.\.$/, '')) ? n : `[${n}]`
    })
    const flags = Object.entries(props)
      .filter(([k]) => !args.includes(k))
      .map(([k, p]) => {
        const t = Array.isArray(p.type) ? p.type[0] : p.type
        return t === 'boolean' ? `[--${kebab(k)}]` : `[--${kebab(k)} ${k.toUpperCase()}]`
      })
    const usage = ['fazt', ...words, ...argText, ...flags].join(' ')
    lines.push(`| \`${usage}\` | ${v.summary} | ${v.scope} | ${v.remote ? 'yes' : 'no (local only)'} |`)
  }
  return lines.join('\n')
}
