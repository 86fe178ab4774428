// `fazt realtime …` (docs/realtime.md). Hubs live in the running node's memory, so these verbs run
// there (`needsNode`): the CLI reaches the node over its local control socket, a peer the signed gateway.
import { type Static, Type } from '@sinclair/typebox'
import { AppRef, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

const Int = Type.Integer({ minimum: 0 })
const Channel = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'channel name',
})

export const realtimePublish = defineVerb({
  name: 'realtime.publish',
  summary: "Publish a JSON message on one of an app's realtime channels",
  scope: 'deploy',
  remote: true,
  needsNode: true,
  params: Params({
    app: AppRef,
    channel: Channel,
    data: Type.Unknown({ description: 'the message, as JSON' }),
  }),
  result: Result({ app: Type.String(), channel: Type.String(), seq: Int, subscribers: Int }),
  cli: { args: ['app', 'channel', 'data'], output: 'record' },
})

export const RealtimeChannelStats = Result({
  channel: Type.String(),
  subscribers: Int,
  seq: Int,
  retained: Int,
})
export type RealtimeChannelStats = Static<typeof RealtimeChannelStats>

export const RealtimeStats = Result({
  app: Type.String(),
  app_id: Type.String(),
  clients: Int,
  channels: Int,
  subscriptions: Int,
  published: Int,
  delivered: Int,
  dropped_slow: Int,
  history_messages: Int,
  history_bytes: Int,
  /** The busiest channels (most subscribers first), at most 20. */
  top_channels: Type.Array(RealtimeChannelStats),
})
export type RealtimeStats = Static<typeof RealtimeStats>

export const realtimeStats = defineVerb({
  name: 'realtime.stats',
  summary: "Show an app's realtime clients, channels and message counts",
  scope: 'read',
  remote: true,
  needsNode: true,
  params: Params({ app: AppRef }),
  result: RealtimeStats,
  cli: { args: ['app'], output: 'record' },
})

export const realtimeKick = defineVerb({
  name: 'realtime.kick',
  summary: 'Disconnect one realtime client of an app, or all of them (they may reconnect and resume)',
  scope: 'admin',
  remote: true,
  needsNode: true,
  params: Params({
    app: AppRef,
    client: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'client id (default: every client)' }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 120, description: 'close reason sent to the client' })),
  }),
  result: Result({ app: Type.String(), kicked: Int }),
  cli: { args: ['app', 'client'], output: 'record' },
})
