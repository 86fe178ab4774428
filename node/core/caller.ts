import type { Scope } from '../../sdk/contract/verb.js'

/** Who is calling a verb: the node's own owner, a pinned peer with its scopes, or an unpinned key. */
export type Caller =
  | { kind: 'local' }
  | { kind: 'peer'; peerId: string; name: string; keyId: string; scopes: readonly Scope[] }
  /** A verified but unpinned key: may only ask to pair (PEERS.md §3.3 step 6). */
  | { kind: 'stranger'; keyId: string }
