import { callPeer } from '../../peer/client.js'
import { endpointOf } from '../../peer/registry.js'
import { findVerb } from '../../sdk/contract/catalogue.js'
import { AppError } from '../../sdk/contract/errors.js'
import type { Transport } from '../../sdk/transport.js'
import { type NodeContext, openNodeContext } from '../core/context.js'
import { identity, nodeCrypto } from './identity.js'
import { peers } from './peers.js'

/**
 * Runs verbs on the paired peer `name` (empty: the default peer) over the signed protocol, with this
 * node's identity from its data file. Local-only verbs are refused here, before anything is sent.
 */
export function peerTransport(dataPath: string, name: string, opts: { timeoutMs?: number } = {}): Transport {
  let node: NodeContext | undefined
  return {
    async call(verb, params, callOpts) {
      const def = findVerb(verb)
      if (def && !def.remote) {
        throw new AppError('NOT_REMOTE', `${verb} only runs on the node's own machine`, {
          hint: def.localHint ?? 'run it without @peer on that node',
        })
      }
      node ??= openNodeContext(dataPath)
      const { registry } = peers(node)
      const peer = name ? registry.require(name) : registry.defaultPeer()
      if (!peer)
        throw new AppError('PEER_NOT_FOUND', 'no default peer is set', { hint: 'fazt peer default NAME' })
      if (peer.status === 'revoked') {
        throw new AppError('REVOKED', `you revoked peer ${peer.name}`, {
          hint: 'pair again with `fazt peer add`',
        })
      }
      const ctx = node
      return withPeerHints(peer.name, peer.record.record.version, () =>
        callPeer(
          endpointOf(peer),
          verb,
          params,
          {
            identity: identity(ctx),
            crypto: nodeCrypto(ctx),
            now: () => ctx.clock.now(),
            timeoutMs: opts.timeoutMs ?? 30_000,
          },
          callOpts?.onFrame as ((f: unknown) => void) | undefined,
        ),
      )
    },
    close() {
      node?.close()
      node = undefined
    },
  }
}

/** Errors about versions are worded for the side that reads them: the caller. */
async function withPeerHints<T>(name: string, version: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    if (e instanceof AppError && (e.code === 'UNKNOWN_VERB' || e.code === 'VERSION_SKEW')) {
      throw new AppError(e.code, `peer ${name}: ${e.message}`, {
        hint: `peer ${name} runs fazt ${version}, older than this one: upgrade fazt there`,
        ...(e.details === undefined ? {} : { details: e.details }),
      })
    }
    throw e
  }
}
