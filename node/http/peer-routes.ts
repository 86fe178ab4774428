import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { handleCall } from '../../peer/gateway.js'
import { CALL_PATH, NODE_RECORD_PATH } from '../../peer/protocol/wire.js'
import type { Scope } from '../../sdk/contract/verb.js'
import type { NodeContext } from '../context.js'
import { identity, nodeCrypto } from '../identity.js'
import { peers, signedOwnRecord } from '../peers.js'
import { dispatch } from '../verbs/dispatch.js'
import type { Caller } from '../verbs/types.js'

/** Largest call body a peer may send (deploy uploads are chunked below this). */
export const RPC_BODY_LIMIT = 16 * 1024 * 1024

/** GET /.well-known/fazt-node and POST /_fazt/rpc (PEERS.md §3). */
export function peerRoutes(node: NodeContext) {
  return async (app: FastifyInstance) => {
    app.get(NODE_RECORD_PATH, async (_req, reply) => {
      reply.header('cache-control', 'no-store')
      return signedOwnRecord(node)
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
        const p = peers(node)
        const res = await handleCall(
          {
            method: req.method,
            path: q < 0 ? url : url.slice(0, q),
            query: q < 0 ? '' : url.slice(q + 1),
            headers: req.headers,
            body: new Uint8Array((req.body as Buffer | undefined) ?? Buffer.alloc(0)),
            remoteAddress: req.socket.remoteAddress ?? '',
            secure: (req.socket as { encrypted?: boolean }).encrypted === true,
          },
          {
            identity: () => identity(node),
            crypto: nodeCrypto(node),
            registry: p.registry,
            nonces: p.nonces,
            now: () => node.clock.now(),
            perAddress: p.perAddress,
            perKey: p.perKey,
            dispatch: (c, verb, params) => {
              const caller: Caller =
                c.kind === 'peer'
                  ? {
                      kind: 'peer',
                      peerId: c.peer.nodeId,
                      name: c.peer.name,
                      keyId: c.keyId,
                      scopes: c.peer.scopes as Scope[],
                    }
                  : { kind: 'stranger', keyId: c.keyId }
              return dispatch(node, caller, verb, params)
            },
            onError: (e) => req.log.error({ err: e }, 'peer call failed'),
          },
        )
        reply.code(res.status).headers(res.headers)
        if (res.body instanceof Uint8Array)
          return reply.send(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength))
        return reply.send(Readable.from(res.body))
      })
    })
  }
}
