import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'
import { deploy } from './deploy.js'
import { pull } from './deploy-pull.js'

/**
 * Verbs the client composes from other verbs because they read or write the caller's own folders
 * (SPEC §8: "verbs that read local files (deploy) upload them"). Their contracts live in the catalogue
 * like any verb, so argv parsing, help and rendering are shared; only the call is made here, through
 * the same transport, so `fazt @peer app deploy DIR` needs nothing more than a peer transport.
 */
export const composedVerbs: Record<
  string,
  (transport: Transport, params: Record<string, unknown>, globals: Globals) => Promise<unknown>
> = {
  'app.deploy': (t, p, g) => deploy(t, p as unknown as Parameters<typeof deploy>[1], g),
  'app.pull': (t, p, g) => pull(t, p as unknown as Parameters<typeof pull>[1], g),
}
