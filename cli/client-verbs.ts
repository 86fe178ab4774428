import type { Frame } from '../sdk/contract/verb.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

export interface ClientCall {
  transport: Transport
  globals: Globals
  onFrame(f: Frame): void
  /** The local node (opened on first use); only for verbs that run on this machine. */
  local(): Promise<import('../node/core/context.js').NodeContext>
}

/**
 * Verbs whose contract says `runs: 'client'`: they read or write the caller's own folders (deploy,
 * pull, composed from JSON-only verbs, so they work unchanged on a peer) or become the node (server
 * start). Their contracts live in the catalogue like any verb, so argv parsing, help and rendering
 * are shared; only the call is made here. Each module loads on first use.
 */
export const clientVerbs: Record<
  string,
  (c: ClientCall, params: Record<string, unknown>) => Promise<unknown>
> = {
  'app.deploy': async (c, p) => (await import('./deploy.js')).deploy(c.transport, p as never, c.globals),
  'app.pull': async (c, p) => (await import('./deploy-pull.js')).pull(c.transport, p as never, c.globals),
  'server.start': async (c, p) =>
    (await import('./server-start.js')).serverStart(await c.local(), p as never, c.onFrame),
}
