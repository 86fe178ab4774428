import { AppError } from '../../sdk/contract/errors.js'
import type { NodeContext } from '../core/context.js'
import type { PublishPolicy, ResolveApp } from '../core/seams.js'
import { service } from '../core/services.js'
import type { Broker } from './broker.js'
import type { RealtimeLimits } from './limits.js'

/**
 * Realtime's place on a node context. The seams are set before the server starts; the broker is set
 * by the realtime plugin while the node serves, and only in that process.
 */
export interface RealtimeSlot {
  /** Host -> app, set by the composition root from hosting's aliases. Unset: no host has realtime. */
  resolveApp?: ResolveApp
  /** App -> channel patterns open to client publishing. Default: `denyAll` (policy.ts). */
  publishPolicy?: PublishPolicy
  /** Overrides of limits (tests, benchmarks); settings `realtime.*` apply underneath. */
  limits?: Partial<RealtimeLimits>
  broker?: Broker
}

function createSlot(): RealtimeSlot {
  return {}
}

export function realtimeSlot(node: NodeContext): RealtimeSlot {
  return service(node, createSlot)
}

/**
 * The live broker of this node, for verb handlers and the functions runtime
 * (`liveRealtime(node).forApp(app)` gives `fazt.realtime.*`).
 */
export function liveRealtime(node: NodeContext): Broker {
  const broker = realtimeSlot(node).broker
  if (!broker) {
    throw new AppError('UNAVAILABLE', 'realtime lives in the running node, and this process is not serving', {
      hint: 'start the node with `fazt server start`',
    })
  }
  return broker
}
