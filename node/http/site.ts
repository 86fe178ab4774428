import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { NodeContext } from '../core/context.js'
import { type HostTarget, routeHost } from '../domain/host-route.js'
import { BodyCache } from '../hosting/body-cache.js'
import { hosting } from '../hosting/hosting.js'
import { type Resolution, type Site, SiteResolver } from '../hosting/site-resolver.js'
import { notFoundPage } from './pages.js'
import { sendFile } from './site-file.js'
import { lookup } from './site-lookup.js'
import { chooseVariant } from './site-split.js'

export interface SiteServerOptions {
  /** [0, 1): split assignment. */
  random?: () => number
  /** Bytes of file bodies (and compressed variants) kept in memory. Default 256 MiB. */
  cacheBytes?: number
  /** Bodies above this are streamed from the database. Default 8 MiB. */
  maxCachedFile?: number
}

export type SiteServe = (
  req: IncomingMessage,
  res: ServerResponse,
  target: HostTarget,
  /** Called once the site takes the request, before anything is written. */
  claim?: () => void,
) => boolean

const NOT_FOUND = Buffer.from(notFoundPage())
const NOT_FOUND_HEADERS = [
  'Content-Type',
  'text/html; charset=utf-8',
  'Cache-Control',
  'no-cache',
  'Content-Length',
  String(NOT_FOUND.length),
]
const METHOD_BODY = Buffer.from(
  JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'static files answer GET and HEAD only' } }),
)
const METHOD_HEADERS = [
  'Allow',
  'GET, HEAD',
  'Content-Type',
  'application/json; charset=utf-8',
  'Content-Length',
  String(METHOD_BODY.length),
]

const BAD_BODY = Buffer.from(
  JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'malformed URL path' } }),
)
const BAD_HEADERS = [
  'Content-Type',
  'application/json; charset=utf-8',
  'Content-Length',
  String(BAD_BODY.length),
]

/** Paths other features own on every app host (docs/routing.md#paths-on-app-hosts): the node's routes, realtime, functions. */
function ownedElsewhere(path: string): boolean {
  return (
    path.startsWith('/_fazt/') ||
    path === '/_ws' ||
    path === '/api' ||
    path.startsWith('/api/') ||
    path === '/.well-known/fazt-node'
  )
}

/** The static side of app hosts (docs/hosting.md#static-files, docs/hosting.md#aliases), on raw node:http objects: the hottest path. */
export function createSiteServer(node: NodeContext, opts: SiteServerOptions = {}): SiteServe {
  const resolver = new SiteResolver(node)
  const cache = new BodyCache(hosting(node).bodies, {
    budget: opts.cacheBytes ?? Number(node.settings.get('hosting.cache_bytes') ?? 256 * 1024 * 1024),
    maxFile: opts.maxCachedFile ?? 8 * 1024 * 1024,
  })
  const random = opts.random ?? Math.random
  const store = hosting(node).bodies

  return (req, res, target, claim) => {
    if (target.kind !== 'root' && target.kind !== 'alias' && target.kind !== 'preview') return false
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q < 0 ? url : url.slice(0, q)
    if (ownedElsewhere(rawPath)) return false
    const r: Resolution = resolver.resolve(target)
    if (r.kind === 'unclaimed') return false
    claim?.()
    const method = req.method
    if (r.kind === 'missing')
      return end(res, 404, NOT_FOUND_HEADERS, method === 'HEAD' ? undefined : NOT_FOUND)
    if (r.kind === 'redirect') {
      const status = method === 'GET' || method === 'HEAD' ? 301 : 308
      const location = `${r.url}${rawPath === '/' && q < 0 ? '' : rawPath}${q < 0 ? '' : url.slice(q)}`
      return end(res, status, ['Location', location, 'Cache-Control', 'no-cache', 'Content-Length', '0'])
    }
    let site: Site
    let spa: boolean
    let extra: string[] | undefined
    if (r.kind === 'split') {
      const chosen = chooseVariant(r, req.headers.cookie, random)
      site = chosen.variant.site
      spa = chosen.variant.spa
      extra = chosen.headers
    } else {
      site = r.site
      spa = r.spa
    }
    if (method !== 'GET' && method !== 'HEAD') return end(res, 405, METHOD_HEADERS, METHOD_BODY)
    const found = lookup(site, rawPath, spa)
    switch (found.kind) {
      case 'file':
        sendFile(req, res, found.entry, cache, store, extra)
        return true
      case 'slash':
        return end(res, 301, [
          'Location',
          `${found.location}${q < 0 ? '' : url.slice(q)}`,
          'Content-Length',
          '0',
        ])
      case 'bad':
        return end(res, 400, BAD_HEADERS, BAD_BODY)
      default:
        return end(res, 404, NOT_FOUND_HEADERS, method === 'HEAD' ? undefined : NOT_FOUND)
    }
  }
}

function end(res: ServerResponse, status: number, headers: string[], body?: Buffer): true {
  res.writeHead(status, headers)
  res.end(body)
  return true
}

/**
 * The hot path in front of fastify (node/http/app.ts `fastSite`): Host -> target, remembered per Host
 * value (bounded), then the site server.
 */
export function fastSite(serve: SiteServe, domain: () => string) {
  let known = ''
  const targets = new Map<string, HostTarget>()
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const host = req.headers.host ?? ''
    const d = domain()
    if (d !== known) {
      targets.clear()
      known = d
    }
    let target = targets.get(host)
    if (!target) {
      target = routeHost(host, d)
      if (targets.size >= 1024) targets.clear()
      targets.set(host, target)
    }
    return serve(req, res, target)
  }
}

/** Adapts the site server to fastify's catch-all (node/http/app.ts `site` hook). */
export function fastifySite(serve: SiteServe) {
  return (req: FastifyRequest, reply: FastifyReply, target: HostTarget): boolean =>
    serve(req.raw, reply.raw, target, () => reply.hijack())
}
