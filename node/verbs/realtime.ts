import { AppError } from '../../sdk/contract/errors.js'
import type * as V from '../../sdk/contract/verbs/realtime.js'
import type { NodeContext } from '../core/context.js'
import { requireApp } from '../hosting/app-store.js'
import { liveRealtime } from '../realtime/slot.js'
import type { Handler } from './types.js'

// These run inside the serving node (the CLI routes them over the control socket, peers over the gateway);
// anywhere else liveRealtime() answers UNAVAILABLE.

function app(node: NodeContext, nameOrId: string) {
  const row = requireApp(node.db, nameOrId)
  return { id: row.id, name: row.name }
}

export const realtimePublish: Handler<typeof V.realtimePublish> = ({ node }, { app: a, channel, data }) => {
  const broker = liveRealtime(node)
  const ref = app(node, a)
  let seq: number
  try {
    seq = broker.forApp(ref).broadcast(channel, data)
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('INVALID_ARGUMENT', `the message cannot be published: ${(e as Error).message}`)
  }
  return { app: ref.name, channel, seq, subscribers: broker.forApp(ref).count(channel) }
}

export const realtimeStats: Handler<typeof V.realtimeStats> = ({ node }, { app: a }) =>
  liveRealtime(node).stats(app(node, a))

export const realtimeKick: Handler<typeof V.realtimeKick> = ({ node }, { app: a, client, reason }) => {
  const broker = liveRealtime(node)
  const ref = app(node, a)
  const rt = broker.forApp(ref)
  if (client !== undefined) {
    if (!rt.kick(client, reason)) {
      throw new AppError('NOT_FOUND', `app ${ref.name} has no realtime client "${client}"`, {
        hint: "client ids come from the app's functions (fazt.realtime.subscribers); omit CLIENT to kick all",
      })
    }
    return { app: ref.name, kicked: 1 }
  }
  const ids = [...(broker.hubs.get(ref.id)?.clients ?? [])].map((s) => s.id)
  let kicked = 0
  for (const id of ids) if (rt.kick(id, reason)) kicked++
  return { app: ref.name, kicked }
}
