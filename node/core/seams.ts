// Types that let two wings meet without importing each other: realtime serves apps that hosting knows,
// and functions reach realtime; the composition root (node/server.ts) connects the two sides.

/** An app as the other wings refer to it: its permanent id and its current name. */
export interface AppRef {
  id: string
  name: string
}

/** What an app's functions reach as `fazt.realtime.*` (docs/realtime.md), bound to that one app. */
export interface AppRealtime {
  /** Publishes on a channel; returns the message's sequence number. */
  broadcast(channel: string, data: unknown): number
  /** Sends to every connected client of the app; returns how many. */
  broadcastAll(data: unknown): number
  /** Ids of the clients subscribed to a channel. */
  subscribers(channel: string): string[]
  /** Subscribers of a channel, or connected clients of the app. */
  count(channel?: string): number
  /** Disconnects one of this app's clients; false when no such client. */
  kick(clientId: string, reason?: string): boolean
}

/**
 * Which app a request's Host addresses, or undefined when it addresses none (admin, unknown hosts,
 * an alias with no app). Realtime asks on every WebSocket handshake; hosting answers (hosting/realtime-bridge.ts).
 */
export type ResolveApp = (host: string | undefined) => AppRef | undefined

/**
 * Which channels an app's clients may publish to: glob patterns from the app's `manifest.json`
 * (`{"realtime":{"publish":["chat:*"]}}`, docs/realtime.md). `*` matches any run of characters,
 * everything else is literal. An empty list (the default) means clients can only listen. Hosting
 * answers from the current release's manifest (cached per release: it is asked on every client publish).
 */
export type PublishPolicy = (appId: string) => readonly string[]
