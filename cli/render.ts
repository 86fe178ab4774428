import type { CliHints } from '../sdk/contract/verb.js'
import type { Format } from './argv.js'

export interface Out {
  write(s: string): void
  isTTY: boolean
}

type Row = Record<string, unknown>

/** Renders a typed result. The only place that turns results into text (docs/architecture.md#the-verb-registry). */
export async function render(result: unknown, format: Format, hints: CliHints, out: Out): Promise<void> {
  const kind = hints.output === 'grid' && !isGrid(result) ? 'record' : (hints.output ?? guess(result))
  if (kind === 'none' || result === undefined) return
  if (format === 'json') return out.write(`${JSON.stringify(result, null, 2)}\n`)
  if (kind === 'grid') return renderGrid(result as Grid, format, out)
  if (kind === 'plain' || typeof result !== 'object' || result === null) return out.write(`${text(result)}\n`)
  if (format === 'csv') {
    const { stringify } = await import('csv-stringify/sync')
    const { columns, rows } = tabular(result, kind, hints)
    return out.write(
      stringify(
        rows.map((r) => columns.map((c) => csvCell(r[c]))),
        { header: true, columns },
      ),
    )
  }
  if (kind === 'record') return out.write(recordText(result as Row, out.isTTY))
  const { columns, rows } = tabular(result, kind, hints)
  if (rows.length === 0) return out.write(out.isTTY ? '(none)\n' : '')
  await writeTable(
    columns.map((c) => c.toUpperCase()),
    rows.map((r) => columns.map((c) => cell(c, r[c]))),
    out,
  )
}

/** Times travel as epoch milliseconds; people read them as ISO dates (JSON output keeps the numbers). */
export function cell(key: string, v: unknown): string {
  if (key.endsWith('_at') && typeof v === 'number' && v > 1e11) return new Date(v).toISOString()
  return text(v)
}

async function writeTable(head: string[], cells: string[][], out: Out): Promise<void> {
  const { default: Table } = await import('cli-table3')
  const table = new Table({
    head,
    style: { head: out.isTTY ? ['bold'] : [], border: [], compact: true, 'padding-left': 0 },
    chars: plainChars,
  })
  for (const r of cells) table.push(r)
  out.write(
    `${table
      .toString()
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')}\n`,
  )
}

type Grid = { columns: { name: string }[]; rows: unknown[][] }

function isGrid(r: unknown): r is Grid {
  return (
    r !== null &&
    typeof r === 'object' &&
    Array.isArray((r as Grid).columns) &&
    Array.isArray((r as Grid).rows)
  )
}

/** Typed cells under their column names, as data: names may repeat, so rows stay arrays; headers as named. */
async function renderGrid(g: Grid, format: Format, out: Out): Promise<void> {
  const names = g.columns.map((c) => c.name)
  if (format === 'csv') {
    const { stringify } = await import('csv-stringify/sync')
    // NULL is an empty field and the empty string a quoted one (""), so the two stay apart.
    const cells = g.rows.map((r) =>
      r.map((v) => (v === null || v === undefined ? null : csvCell(unwrapBlob(v)))),
    )
    return out.write(stringify([names, ...cells], { quoted_match: /^$/ }))
  }
  await writeTable(
    names,
    g.rows.map((r) => r.map((v) => (v === null || v === undefined ? 'NULL' : text(unwrapBlob(v))))),
    out,
  )
}

/** A blob travels as `{"$base64": "…"}` (sdk/contract/verbs/sql.ts); as text it is its base64. */
function unwrapBlob(v: unknown): unknown {
  const b64 = v !== null && typeof v === 'object' ? (v as { $base64?: unknown }).$base64 : undefined
  return typeof b64 === 'string' ? b64 : v
}

function guess(result: unknown): CliHints['output'] {
  if (Array.isArray(result)) return 'list'
  if (result !== null && typeof result === 'object') return 'record'
  return 'plain'
}

function tabular(
  result: unknown,
  kind: CliHints['output'],
  hints: CliHints,
): { columns: readonly string[]; rows: Row[] } {
  if (kind === 'record') {
    return {
      columns: ['key', 'value'],
      rows: Object.entries(result as Row).map(([key, value]) => ({ key, value })),
    }
  }
  const rows = (Array.isArray(result) ? result : [result]) as Row[]
  const columns = hints.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r ?? {})))]
  return { columns, rows }
}

function recordText(r: Row, tty: boolean): string {
  const width = Math.max(...Object.keys(r).map((k) => k.length))
  const lines = Object.entries(r).map(([k, v]) => {
    const key = k.replaceAll('_', ' ').padEnd(width)
    return `${tty ? `\u001b[2m${key}\u001b[22m` : key}  ${cell(k, v)}`
  })
  return `${lines.join('\n')}\n`
}

export function text(v: unknown): string {
  if (v === null || v === undefined) return '-'
  if (Array.isArray(v)) return v.map(text).join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

const plainChars = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
}
