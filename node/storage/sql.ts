/**
 * SQL built from tagged templates: the literal parts of a template (written in this repository) become
 * SQL text, every interpolated value becomes a `?` and a bound parameter. So no string that came from an
 * app (a field name, a value, a path) can ever become SQL text; only `Sql` fragments built the same way
 * are spliced in.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0] as string
  const params: unknown[] = []
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (v instanceof Sql) {
      text += v.text
      for (const p of v.params) params.push(p)
    } else {
      text += '?'
      params.push(v)
    }
    text += strings[i + 1] as string
  }
  return new Sql(text, params)
}

/** Joins fragments with a separator that is one of a fixed set (never app text). */
export function joinSql(parts: readonly Sql[], sep: ' AND ' | ' OR ' | ', '): Sql {
  const params: unknown[] = []
  for (const p of parts) for (const v of p.params) params.push(v)
  return new Sql(parts.map((p) => p.text).join(sep), params)
}

export const TRUE = new Sql('1', [])
export const FALSE = new Sql('0', [])
