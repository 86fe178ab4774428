import type { CliHints } from '../sdk/contract/verb.js'
import type { Format } from './argv.js'

export interface Out {
  write(s: string): void
  isTTY: boolean
}

type Row = Record<string, unknown>

/** Renders a typed result. The only place that turns results into text (ARCHITECTURE §2). */
export async function render(result: unknown, format: Format, hints: CliHints, out: Out): Promise<void> {
  const kind = hints.output ?? guess(result)
  if (kind === 'none' || result === undefined) return
  if (format === 'json') return out.write(`${JSON.stringify(result, null, 2)}\n`)
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
  const { default: Table } = await import('cli-table3')
  const table = new Table({
    head: columns.map((c) => c.toUpperCase()),
    style: { head: out.isTTY ? ['bold'] : [], border: [], compact: true },
    chars: plainChars,
  })
  for (const r of rows) table.push(columns.map((c) => text(r[c])))
  out.write(
    `${table
      .toString()
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')}\n`,
  )
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
): { columns: string[]; rows: Row[] } {
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
    return `${tty ? `\u001b[2m${key}\u001b[22m` : key}  ${text(v)}`
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
