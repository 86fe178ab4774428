import { defineVerb } from '../verb.js'

// Realtime hubs live in the running node's memory, so these verbs run there (`needsNode`): the CLI
// reaches the node over its local control socket, a peer over the signed gateway (SPEC §6).

const appParam = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'app name or id',
} as const
const channelParam = {
  type: 'string',
  minLength: 1,
  maxLength: 128,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'channel name',
} as const

export interface RealtimePublishParams {
  app: string
  channel: string
  data: unknown
}

export interface RealtimePublishResult {
  app: string
  channel: string
  seq: number
  subscribers: number
}

export const realtimePublish = defineVerb<RealtimePublishParams, RealtimePublishResult>({
  name: 'realtime.publish',
  summary: "Publish a JSON message on one of an app's realtime channels",
  scope: 'deploy',
  remote: true,
  needsNode: true,
  params: {
    type: 'object',
    required: ['app', 'channel', 'data'],
    additionalProperties: false,
    properties: {
      app: appParam,
      channel: channelParam,
      data: { description: 'the message, as JSON' },
    },
  },
  result: {
    type: 'object',
    required: ['app', 'channel', 'seq', 'subscribers'],
    properties: {
      app: { type: 'string' },
      channel: { type: 'string' },
      seq: { type: 'integer' },
      subscribers: { type: 'integer' },
    },
  },
  cli: { args: ['app', 'channel', 'data'], output: 'record' },
})

export interface RealtimeChannelStats {
  channel: string
  subscribers: number
  seq: number
  retained: number
}

export interface RealtimeStats {
  app: string
  app_id: string
  clients: number
  channels: number
  subscriptions: number
  published: number
  delivered: number
  dropped_slow: number
  history_messages: number
  history_bytes: number
  /** The busiest channels (most subscribers first), at most 20. */
  top_channels: RealtimeChannelStats[]
}

export const realtimeStats = defineVerb<{ app: string }, RealtimeStats>({
  name: 'realtime.stats',
  summary: "Show an app's realtime clients, channels and message counts",
  scope: 'read',
  remote: true,
  needsNode: true,
  params: {
    type: 'object',
    required: ['app'],
    additionalProperties: false,
    properties: { app: appParam },
  },
  result: {
    type: 'object',
    required: ['app', 'app_id', 'clients', 'channels', 'subscriptions', 'top_channels'],
    properties: {
      app: { type: 'string' },
      app_id: { type: 'string' },
      clients: { type: 'integer' },
      channels: { type: 'integer' },
      subscriptions: { type: 'integer' },
      published: { type: 'integer' },
      delivered: { type: 'integer' },
      dropped_slow: { type: 'integer' },
      history_messages: { type: 'integer' },
      history_bytes: { type: 'integer' },
      top_channels: {
        type: 'array',
        items: {
          type: 'object',
          required: ['channel', 'subscribers', 'seq', 'retained'],
          properties: {
            channel: { type: 'string' },
            subscribers: { type: 'integer' },
            seq: { type: 'integer' },
            retained: { type: 'integer' },
          },
        },
      },
    },
  },
  cli: { args: ['app'], output: 'record' },
})

export interface RealtimeKickParams {
  app: string
  client?: string
  reason?: string
}

export const realtimeKick = defineVerb<RealtimeKickParams, { app: string; kicked: number }>({
  name: 'realtime.kick',
  summary: 'Disconnect one realtime client of an app, or all of them (they may reconnect and resume)',
  scope: 'admin',
  remote: true,
  needsNode: true,
  params: {
    type: 'object',
    required: ['app'],
    additionalProperties: false,
    properties: {
      app: appParam,
      client: {
        type: 'string',
        minLength: 1,
        maxLength: 64,
        description: 'client id (default: every client)',
      },
      reason: { type: 'string', maxLength: 120, description: 'close reason sent to the client' },
    },
  },
  result: {
    type: 'object',
    required: ['app', 'kicked'],
    properties: { app: { type: 'string' }, kicked: { type: 'integer' } },
  },
  cli: { args: ['app', 'client'], output: 'record' },
})
