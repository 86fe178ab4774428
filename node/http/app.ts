import type { IncomingMessage, ServerResponse } from 'node:http'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { HostTarget } from '../domain/host-route.js'
import { routeHost } from '../domain/host-route.js'
import { errorHandler } from './errors.js'
import { notFoundPage, welcomePage } from './pages.js'

export interface HttpDeps {
  version: string
  nodeId: () => string | null
  domain: () => string
  /** Serves a request addressed to an app host; return false to fall through to the built-in pages. */
  site?: (req: FastifyRequest, reply: FastifyReply, target: HostTarget) => Promise<boolean> | boolean
  /**
   * The static hot path (node/http/site.ts), tried before fastify sees a request: it answers requests
   * for deployed sites on the raw node:http objects and returns false for anything else, which fastify
   * then handles as usual. Fastify hooks do not run for the requests it answers.
   */
  fastSite?: (req: IncomingMessage, res: ServerResponse) => boolean
  /** Extra routes (the peer gateway, the well-known record, realtime) register themselves here. */
  plugins?: ((app: FastifyInstance) => void | Promise<void>)[]
}

export async function buildHttp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    requestTimeout: 120_000,
    connectionTimeout: 0,
    keepAliveTimeout: 72_000,
    forceCloseConnections: 'idle',
  })
  app.setErrorHandler(errorHandler)
  if (deps.fastSite) {
    const fast = deps.fastSite
    // Runs in front of fastify's own request listener, on whatever server (http or https) it made.
    const [fastifyHandler] = app.server.listeners('request') as ((
      a: IncomingMessage,
      b: ServerResponse,
    ) => void)[]
    if (fastifyHandler) {
      app.server.removeListener('request', fastifyHandler)
      app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        if (!fast(req, res)) fastifyHandler(req, res)
      })
    }
  }

  app.get('/_fazt/health', async (_req, reply) => {
    reply.header('cache-control', 'no-store')
    return { status: 'ok', version: deps.version, node_id: deps.nodeId() }
  })
  for (const plugin of deps.plugins ?? []) await plugin(app)

  const onHost = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.url.startsWith('/_fazt/')) {
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: `no endpoint ${req.method} ${req.url.split('?')[0]}` } })
    }
    const target = routeHost(req.headers.host, deps.domain())
    if (deps.site && target.kind !== 'none' && (await deps.site(req, reply, target))) return reply
    if (
      target.kind === 'root' &&
      req.url.split('?')[0] === '/' &&
      (req.method === 'GET' || req.method === 'HEAD')
    ) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(welcomePage(deps.domain()))
    }
    return reply.code(404).type('text/html; charset=utf-8').send(notFoundPage())
  }
  app.setNotFoundHandler(onHost)
  return app
}
