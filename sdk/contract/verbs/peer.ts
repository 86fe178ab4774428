// `fazt peer …`: pairing and the peers this node knows (docs/peers.md, PEERS.md §3 and §11).
import { type Static, Type } from '@sinclair/typebox'
import { Duration, Literals, NoParams, Nullable, Params, Result, ScopeName, Scopes } from '../schemas.js'
import { defineVerb, SCOPES } from '../verb.js'

const PeerName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: "the peer's local name" })
const Str = Type.String()
const LOCAL_ONLY = 'peers are managed on the node itself'

export const PeerView = Result({
  name: Str,
  node_id: Str,
  fingerprint: Str,
  urls: Type.Array(Str),
  scopes_here: Type.Array(ScopeName),
  scopes_there: Type.Array(ScopeName),
  status: Literals(['active', 'pending', 'revoked']),
  default: Type.Boolean(),
  last_seen: Nullable(Str),
  /** Set when this peer's node id answered from two hosts at once. */
  conflict: Nullable(Str),
  reachable: Type.Optional(Nullable(Type.Boolean())),
})
export type PeerView = Static<typeof PeerView>

export const peerInvite = defineVerb({
  name: 'peer.invite',
  summary: 'Make a one-line invite code another node uses to pair with this one',
  scope: 'admin',
  remote: false,
  localHint: 'an invite carries a one-time secret: make it on the node itself',
  params: Params({
    scopes: Type.Optional(
      Type.Array(ScopeName, {
        uniqueItems: true,
        maxItems: SCOPES.length,
        default: ['read'],
        description: `scopes the new peer gets here (${SCOPES.join(',')})`,
      }),
    ),
    ttl: Type.Optional(Duration('how long the code works (e.g. 15m, 2h, 7d)', '15m')),
    uses: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'how many nodes may use it' }),
    ),
    url: Type.Optional(
      Type.Array(Type.String({ pattern: '^https?://', maxLength: 2048 }), {
        maxItems: 16,
        description: "URL(s) where the other node reaches this one (default: the running node's)",
      }),
    ),
  }),
  result: Result({
    code: Str,
    node_id: Str,
    fingerprint: Str,
    scopes: Type.Array(ScopeName),
    uses: Type.Integer(),
    expires_at: Str,
    urls: Type.Array(Str),
  }),
  cli: { output: 'record' },
})

export const peerAdd = defineVerb({
  name: 'peer.add',
  summary: 'Pair with another node: `peer add NAME CODE`, or `peer add NAME URL --fingerprint FP`',
  scope: 'admin',
  remote: false,
  localHint: "pairing pins keys in this node's own data file: run it on the node that joins",
  params: Params({
    name: PeerName,
    code: Type.String({
      minLength: 1,
      maxLength: 4096,
      description: "the invite code, or the peer's URL with --fingerprint",
    }),
    fingerprint: Type.Optional(
      Type.String({
        maxLength: 64,
        description: 'pair by URL and key fingerprint (the owner approves there)',
      }),
    ),
  }),
  result: Type.Composite([PeerView, Type.Object({ pairing: Literals(['paired', 'pending']) })], {
    additionalProperties: false,
  }),
  cli: { args: ['name', 'code'], output: 'record' },
})

/** The inviter's half of pairing: a stranger proves an invite (or asks by fingerprint). PEERS.md §3.3. */
export const peerPair = defineVerb({
  name: 'peer.pair',
  summary: 'Answer a pairing request from another node (called by nodes, not people)',
  scope: 'read',
  remote: true,
  open: 'strangers',
  // The request is checked by the handler against PEERS.md §3.3 (parsePairRequest), field by field.
  params: Type.Record(Type.String(), Type.Unknown()),
  result: Result({
    status: Literals(['paired', 'pending']),
    scopes: Type.Array(ScopeName),
    node: Type.Object({ record: Type.Unknown(), sig: Str }),
  }),
  cli: { words: ['peer', 'pair-request'], output: 'record' },
})

export const peerList = defineVerb({
  name: 'peer.list',
  summary: 'List paired peers: name, node id, fingerprint, URL, scopes both ways, last seen, reachable',
  scope: 'admin',
  remote: true,
  params: Params({
    check: Type.Optional(
      Type.Boolean({ default: true, description: 'check whether each peer answers (--no-check skips it)' }),
    ),
  }),
  result: Type.Array(PeerView),
  cli: {
    output: 'list',
    columns: [
      'name',
      'node_id',
      'fingerprint',
      'urls',
      'scopes_here',
      'scopes_there',
      'status',
      'default',
      'last_seen',
      'reachable',
      'conflict',
    ],
  },
})

const ByName = Params({ name: PeerName })
const managed = { scope: 'admin', remote: false, localHint: LOCAL_ONLY, result: PeerView } as const
const nameArg = { args: ['name'], output: 'record' } as const

export const peerRemove = defineVerb({
  name: 'peer.remove',
  summary: 'Forget a peer (its key is no longer accepted)',
  ...managed,
  params: ByName,
  cli: nameArg,
})

export const peerDefault = defineVerb({
  name: 'peer.default',
  summary: 'Make a peer the default target',
  ...managed,
  params: ByName,
  cli: nameArg,
})

export const peerRevoke = defineVerb({
  name: 'peer.revoke',
  summary: 'Revoke a peer at once: its calls are refused from now on',
  ...managed,
  params: ByName,
  cli: nameArg,
})

export const peerGrant = defineVerb({
  name: 'peer.grant',
  summary: 'Set the scopes a peer holds on this node',
  ...managed,
  params: Params({ name: PeerName, scopes: Scopes(undefined, 0) }),
  cli: nameArg,
})

export const peerApprove = defineVerb({
  name: 'peer.approve',
  summary: 'Approve a pending pairing request with scopes',
  ...managed,
  params: Params({ name: PeerName, scopes: Scopes() }),
  cli: nameArg,
})

export const peerRequests = defineVerb({
  name: 'peer.requests',
  summary: 'List pairing requests waiting for approval',
  scope: 'admin',
  remote: false,
  localHint: LOCAL_ONLY,
  params: NoParams,
  result: Type.Array(PeerView),
  cli: { output: 'list', columns: ['name', 'node_id', 'fingerprint', 'urls', 'last_seen'] },
})

export const peerRotated = defineVerb({
  name: 'peer.rotated',
  summary: "Accept a peer's announcement of its new key (called by nodes, not people)",
  scope: 'read',
  remote: true,
  open: 'peers',
  params: Params({ node: Type.Record(Type.String(), Type.Unknown()) }),
  result: Result({ accepted: Type.Literal(true) }),
  cli: { words: ['peer', 'rotated'], output: 'record' },
})
