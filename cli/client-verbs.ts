import type { NodeContext } from '../node/core/context.js'
import type { ClientVerbName, VerbNamed } from '../sdk/contract/catalogue.js'
import type { Frame, ParamsOf, ResultOf } from '../sdk/contract/verb.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

export interface ClientCall {
  transport: Transport
  globals: Globals
  onFrame(f: Frame): void
  /** The local node (opened on first use); only for verbs that run on this machine. */
  local(): Promise<NodeContext>
}

type Runner<N extends ClientVerbName> = (
  c: ClientCall,
  params: ParamsOf<VerbNamed<N>>,
) => Promise<ResultOf<VerbNamed<N>>>

/**
 * Verbs whose contract says `runs: 'client'`: they read or write the caller's own folders (deploy,
 * pull, composed from JSON-only verbs, so they work unchanged on a peer) or become the node (server
 * start). Their contracts live in the catalogue like any verb, so argv parsing, help and rendering
 * are shared; only the call is made here. Typed against the catalogue: a client verb missing here
 * does not compile. Each module loads on first use.
 */
export const clientVerbs: { [N in ClientVerbName]: Runner<N> } = {
  'app.deploy': async (c, p) => (await import('./deploy.js')).deploy(c.transport, p, c.globals),
  'app.pull': async (c, p) => (await import('./deploy-pull.js')).pull(c.transport, p, c.globals),
  'server.start': async (c, p) =>
    (await import('./server-start.js')).serverStart(await c.local(), p, c.onFrame),
}
