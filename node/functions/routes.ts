// /api/* -> the file of a release that answers it (docs/functions.md#entry-points). Pure: a table built from file paths.

/** What answers a request path: a route file with its params, `api/main.js`, or nothing. */
export type RouteMatch =
  | { kind: 'file'; file: string; params: Record<string, string>; main: boolean }
  | { kind: 'main'; file: string }
  | { kind: 'none' }
  /** A path segment that is not valid percent-encoding. */
  | { kind: 'bad' }

/** A literal segment, `[name]`, or a trailing `[...name]`. */
type Segment = { lit: string } | { param: string } | { rest: string }

interface Route {
  file: string
  segments: Segment[]
  /** Literal segments first, then dynamic ones, then catch-alls (Next.js-like precedence). */
  rank: number[]
}

export interface RouteTable {
  routes: Route[]
  /** `api/main.js` (or .mjs/.cjs) when the release has one. */
  main: string | undefined
}

const EXT = /\.(js|mjs|cjs)$/
export const MAIN_FILES = ['api/main.js', 'api/main.mjs', 'api/main.cjs']

/**
 * A file under api/ is a route unless it is main.js or sits in a folder or file whose name starts with
 * `_` or `.` (helpers, and the deploy's bundled packages in api/.fazt/).
 */
export function isRouteFile(path: string): boolean {
  if (!path.startsWith('api/') || !EXT.test(path) || MAIN_FILES.includes(path)) return false
  return path
    .slice(4)
    .split('/')
    .every((seg) => seg !== '' && !seg.startsWith('_') && !seg.startsWith('.') && seg !== 'node_modules')
}

export function buildRoutes(paths: Iterable<string>): RouteTable {
  const routes: Route[] = []
  let main: string | undefined
  for (const path of paths) {
    if (MAIN_FILES.includes(path)) {
      main ??= path
      continue
    }
    if (!isRouteFile(path)) continue
    const segs = path.slice(4).replace(EXT, '').split('/')
    if (segs[segs.length - 1] === 'index') segs.pop()
    const segments: Segment[] = []
    const rank: number[] = []
    let ok = true
    segs.forEach((s, i) => {
      const rest = /^\[\.\.\.([A-Za-z_$][\w$]*)\]$/.exec(s)
      const one = /^\[([A-Za-z_$][\w$]*)\]$/.exec(s)
      if (rest) {
        if (i !== segs.length - 1) ok = false
        segments.push({ rest: rest[1] as string })
        rank.push(2)
      } else if (one) {
        segments.push({ param: one[1] as string })
        rank.push(1)
      } else {
        segments.push({ lit: s })
        rank.push(0)
      }
    })
    if (ok) routes.push({ file: path, segments, rank })
  }
  routes.sort((a, b) => compareRank(a.rank, b.rank) || a.file.localeCompare(b.file))
  return { routes, main }
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number)
    if (d !== 0) return d
  }
  return 0
}

/** Matches a raw request path (`/api/users/42`, query removed) against the table. */
export function matchRoute(table: RouteTable, rawPath: string): RouteMatch {
  const rest = rawPath === '/api' ? '' : rawPath.slice(5)
  const parts = rest === '' ? [] : rest.replace(/\/+$/, '').split('/')
  let decoded: string[]
  try {
    decoded = parts.map((p) => (p.includes('%') ? decodeURIComponent(p) : p))
  } catch {
    return { kind: 'bad' }
  }
  for (const r of table.routes) {
    const params = matchSegments(r.segments, decoded)
    if (params) return { kind: 'file', file: r.file, params, main: table.main !== undefined }
  }
  return table.main ? { kind: 'main', file: table.main } : { kind: 'none' }
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = Object.create(null)
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as Segment
    if ('rest' in s) {
      if (i >= parts.length) return undefined
      params[s.rest] = parts.slice(i).join('/')
      return params
    }
    const p = parts[i]
    if (p === undefined || p === '') return undefined
    if ('param' in s) params[s.param] = p
    else if (s.lit !== p) return undefined
  }
  return parts.length === segments.length ? params : undefined
}
