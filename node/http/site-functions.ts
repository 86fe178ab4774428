import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NodeContext } from '../core/context.js'
import type { FunctionLimits } from '../functions/limits.js'
import type { FunctionPool } from '../functions/pool.js'
import { errorReply, type HttpReply } from '../functions/reply.js'
import { buildRoutes, matchRoute, type RouteMatch, type RouteTable } from '../functions/routes.js'
import { type Resolution, type Site, SiteResolver } from '../hosting/site-resolver.js'
import type { SiteServe } from './site.js'
import { chooseVariant } from './site-split.js'

interface Routes {
  table: RouteTable
  /** Raw path -> match, per release (releases are immutable). */
  seen: Map<string, RouteMatch>
}

const JSON_BODY = /^application\/(?:[\w.+-]+\+)?json\b/i
const MAX_SEEN = 4096

/**
 * `/api` and `/api/*` on app hosts (docs/functions.md#entry-points): the host resolves to an app and its current release the
 * same way static files do (hosting's SiteResolver, so aliases, previews and splits agree), the path to
 * a route file or main.js, and the invocation runs in the worker pool. Answers on the raw node:http
 * objects, before fastify, like the static hot path.
 */
export function functionsSite(
  node: NodeContext,
  pool: FunctionPool,
  limits: FunctionLimits,
  random: () => number = Math.random,
): SiteServe {
  const resolver = new SiteResolver(node)
  const routes = new WeakMap<Site, Routes>()
  const routesOf = (site: Site): Routes => {
    let r = routes.get(site)
    if (!r) {
      r = { table: buildRoutes(site.entries.keys()), seen: new Map() }
      routes.set(site, r)
    }
    return r
  }

  return (req, res, target, claim) => {
    if (target.kind !== 'root' && target.kind !== 'alias' && target.kind !== 'preview') return false
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q < 0 ? url : url.slice(0, q)
    if (rawPath !== '/api' && !rawPath.startsWith('/api/')) return false
    const r: Resolution = resolver.resolve(target)
    if (r.kind === 'unclaimed') return false
    claim?.()
    if (r.kind === 'missing')
      return send(req, res, errorReply(404, 'NOT_FOUND', 'no app answers at this address'))
    if (r.kind === 'redirect') {
      const status = req.method === 'GET' || req.method === 'HEAD' ? 301 : 308
      return send(req, res, { status, headers: ['Location', `${r.url}${url}`], body: '' })
    }
    let site = r.kind === 'site' ? r.site : undefined
    let extra: string[] | undefined
    if (r.kind === 'split') {
      const chosen = chooseVariant(r, req.headers.cookie, random)
      site = chosen.variant.site
      extra = chosen.headers
    }
    const rt = routesOf(site as Site)
    let match = rt.seen.get(rawPath)
    if (!match) {
      match = matchRoute(rt.table, rawPath)
      if (rt.seen.size >= MAX_SEEN) rt.seen.clear()
      rt.seen.set(rawPath, match)
    }
    if (match.kind === 'bad') return send(req, res, errorReply(400, 'BAD_REQUEST', 'malformed URL path'))
    if (match.kind === 'none') {
      return send(req, res, errorReply(404, 'NOT_FOUND', `no function answers ${rawPath.slice(0, 200)}`))
    }
    void invoke(req, res, pool, limits, site as Site, match, rawPath, q < 0 ? '' : url.slice(q + 1), extra)
    return true
  }
}

async function invoke(
  req: IncomingMessage,
  res: ServerResponse,
  pool: FunctionPool,
  limits: FunctionLimits,
  site: Site,
  match: Exclude<RouteMatch, { kind: 'none' | 'bad' }>,
  rawPath: string,
  search: string,
  extra: string[] | undefined,
): Promise<void> {
  const method = req.method ?? 'GET'
  let body: string | null = null
  if (method !== 'GET' && method !== 'HEAD') {
    const read = await readBody(req, limits.requestBytes)
    if (read === 'too-big') {
      res.setHeader('Connection', 'close')
      return void send(
        req,
        res,
        errorReply(413, 'PAYLOAD_TOO_LARGE', `the request body is larger than ${limits.requestBytes} bytes`),
      )
    }
    if (read === 'aborted') return
    body = read
  }
  const query: Record<string, string> = Object.create(null)
  if (search !== '') for (const [k, v] of new URLSearchParams(search)) if (!(k in query)) query[k] = v
  let path = rawPath
  if (rawPath.includes('%')) {
    try {
      path = decodeURIComponent(rawPath)
    } catch {}
  }
  const params = match.kind === 'file' ? match.params : {}
  const reply = await pool.invoke({
    appId: site.appId,
    release: site.release,
    file: match.file,
    fallback: match.kind === 'file' && match.main ? buildMain(site) : undefined,
    // Node's header object: lower-case names, one string each (set-cookie never comes in a request).
    req: JSON.stringify({ method, path, query, headers: req.headers, params }),
    body,
    json: body !== null && JSON_BODY.test(req.headers['content-type'] ?? ''),
    line: `${method} ${path.slice(0, 300)}`,
  })
  send(req, res, extra ? { ...reply, headers: [...reply.headers, ...extra] } : reply)
}

function buildMain(site: Site): string | undefined {
  return ['api/main.js', 'api/main.mjs', 'api/main.cjs'].find((p) => site.entries.has(p))
}

function send(req: IncomingMessage, res: ServerResponse, reply: HttpReply): true {
  if (res.headersSent || res.destroyed) return true
  const length = typeof reply.body === 'string' ? Buffer.byteLength(reply.body) : reply.body.length
  try {
    res.writeHead(reply.status, [...reply.headers, 'Content-Length', String(length)])
  } catch {
    // A header Node refuses (checked before, so unexpected): answer without the function's headers.
    const e = errorReply(500, 'FUNCTION_ERROR', 'the function set a header that cannot be sent')
    res.writeHead(e.status, e.headers)
    res.end(e.body)
    return true
  }
  res.end(req.method === 'HEAD' ? undefined : reply.body)
  return true
}

function readBody(req: IncomingMessage, limit: number): Promise<string | 'too-big' | 'aborted'> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    req.resume()
    return Promise.resolve('too-big')
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        chunks.length = 0
        req.removeAllListeners('data')
        req.resume()
        resolve('too-big')
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve('aborted'))
    req.on('aborted', () => resolve('aborted'))
  })
}

/** The site server with `/api/*` handed to functions first. */
export function withFunctions(functions: SiteServe, site: SiteServe): SiteServe {
  return (req, res, target, claim) => functions(req, res, target, claim) || site(req, res, target, claim)
}
