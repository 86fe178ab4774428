import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import type { GatewayRequest, GatewayResponse } from '../../peer/gateway.js'
import { CALL_PATH, NODE_RECORD_PATH } from '../../peer/protocol/wire.js'

/** Largest call body a peer may send (deploy uploads are chunked below this). */
export const RPC_BODY_LIMIT = 16 * 1024 * 1024

export interface PeerEndpoints {
  /** The signed identity record served at /.well-known/fazt-node. */
  record(): unknown
  /** Builds the gateway with a logger of this request's errors. */
  gateway(onError: (e: unknown) => void): (req: GatewayRequest) => Promise<GatewayResponse>
}

/** GET /.well-known/fazt-node and POST /_fazt/rpc (PEERS.md §3), carried as exact bytes. */
export function peerRoutes(peer: PeerEndpoints) {
  return async (app: FastifyInstance) => {
    app.get(NODE_RECORD_PATH, async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return peer.record()
    })
    await app.register(async (scope) => {
      // The gateway verifies the exact bytes: no parsing before the signature is checked.
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: RPC_BODY_LIMIT }, (_req, body, done) =>
        done(null, body),
      )
      scope.post(CALL_PATH, { bodyLimit: RPC_BODY_LIMIT }, async (req, reply) => {
        const url = req.raw.url ?? CALL_PATH
        const q = url.indexOf('?')
        const res = await peer.gateway((e) => req.log.error({ err: e }, 'peer call failed'))({
          method: req.method,
          path: q < 0 ? url : url.slice(0, q),
          query: q < 0 ? '' : url.slice(q + 1),
          headers: req.headers,
          body: new Uint8Array((req.body as Buffer | undefined) ?? Buffer.alloc(0)),
          remoteAddress: req.socket.remoteAddress ?? '',
          secure: (req.socket as { encrypted?: boolean }).encrypted === true,
        })
        reply.code(res.status).headers(res.headers)
        if (res.body instanceof Uint8Array)
          return reply.send(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength))
        return reply.send(Readable.from(res.body))
      })
    })
  }
}
