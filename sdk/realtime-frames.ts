// The realtime wire protocol of docs/realtime.md: JSON objects, one per WebSocket text frame.
// Shared by the node (node/realtime) and the client (sdk/realtime.ts). Portable: no node: built-ins.
// Frozen once published: type names, error codes and close codes cross the wire.

export type ClientFrame =
  | { type: 'subscribe'; channel: string; since?: number }
  | { type: 'unsubscribe'; channel: string }
  | { type: 'publish'; channel: string; data: unknown }
  | { type: 'pong' }

export type ServerFrame =
  | { type: 'subscribed'; channel: string; seq: number }
  | { type: 'unsubscribed'; channel: string }
  /** `channel` and `seq` are absent for `broadcastAll` messages, which are not sequenced or replayed. */
  | { type: 'message'; channel?: string; seq?: number; data: unknown; timestamp: number }
  | { type: 'ping' }
  | { type: 'error'; code: RealtimeErrorCode; message: string; channel?: string }

export const REALTIME_ERRORS = [
  /** The frame is not JSON. */
  'BAD_JSON',
  /** JSON, but not a message of the protocol (not an object, missing or mistyped fields). */
  'BAD_MESSAGE',
  /** An object whose `type` the node does not know. */
  'UNKNOWN_TYPE',
  /** A binary frame: the protocol is JSON text only. */
  'BINARY_UNSUPPORTED',
  /** The client already holds the maximum number of channels. */
  'TOO_MANY_CHANNELS',
  /** The app's manifest does not open this channel to client publishing. */
  'PUBLISH_DENIED',
  /** A publish whose message would exceed the message size limit. */
  'TOO_LARGE',
  /** `since` lies before the retained history (or in another life of the channel): messages were lost. */
  'GAP_TOO_OLD',
  /** The app has reached its channel limit. */
  'LIMIT_EXCEEDED',
] as const
export type RealtimeErrorCode = (typeof REALTIME_ERRORS)[number]

/** WebSocket close codes the node uses (4000–4999 are application codes, RFC 6455 §7.4.2). */
export const CLOSE = {
  /** The node is stopping (RFC 6455). */
  GOING_AWAY: 1001,
  /** A frame larger than the message limit (RFC 6455). */
  TOO_BIG: 1009,
  /** Kicked by the app (a function's `fazt.realtime.kick`) or by the owner (`fazt realtime kick`). */
  KICKED: 4000,
  /** The client fell behind: its send queue reached the limit. */
  SLOW_CONSUMER: 4001,
  /** The client was silent for longer than the heartbeat timeout. */
  HEARTBEAT_TIMEOUT: 4002,
} as const

/** Path of the realtime socket on every app host (docs/routing.md#paths-on-app-hosts). */
export const REALTIME_PATH = '/_ws'

/** Channel names: 1–128 characters, no control characters. */
export const MAX_CHANNEL_LENGTH = 128
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
const CONTROL = /[\u0000-\u001f\u007f]/

export function isChannelName(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_CHANNEL_LENGTH && !CONTROL.test(v)
}
