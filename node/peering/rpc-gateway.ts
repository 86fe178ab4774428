import { type CallOutput, type GatewayRequest, type GatewayResponse, handleCall } from '../../peer/gateway.js'
import type { Scope } from '../../sdk/contract/verb.js'
import type { Caller } from '../core/caller.js'
import type { NodeContext } from '../core/context.js'
import { identity, nodeCrypto } from './identity.js'
import { peers } from './peers.js'

/** Runs one verb for a verified caller (the composition root passes the verb dispatcher). */
export type PeerDispatch = (caller: Caller, verb: string, params: unknown) => Promise<CallOutput>

/**
 * This node's side of POST /_fazt/rpc (PEERS.md §3): the gateway verifies the exact bytes against the
 * pinned peers, then runs the verb as that peer with its scopes. The HTTP layer only carries the bytes.
 */
export function rpcGateway(
  node: NodeContext,
  dispatch: PeerDispatch,
  onError: (e: unknown) => void,
): (req: GatewayRequest) => Promise<GatewayResponse> {
  return (req) => {
    const p = peers(node)
    return handleCall(req, {
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
        return dispatch(caller, verb, params)
      },
      onError,
    })
  }
}
