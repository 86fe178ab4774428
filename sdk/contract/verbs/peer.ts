// Node identity and peers (SPEC §8, PEERS.md §11).
import { defineVerb, noParams, SCOPES, type Scope } from '../verb.js'

const peerName = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: "the peer's local name",
}
const scopes = {
  type: 'array',
  items: { enum: [...SCOPES] },
  uniqueItems: true,
  maxItems: SCOPES.length,
  description: `comma-separated: ${SCOPES.join(',')}`,
}

export interface NodeIdResult {
  node_id: string
  fingerprint: string
}

export const nodeId = defineVerb<Record<string, never>, NodeIdResult>({
  name: 'node.id',
  summary: "Print this node's id and key fingerprint",
  scope: 'read',
  remote: true,
  params: noParams,
  result: { type: 'object', required: ['node_id', 'fingerprint'] },
  cli: { output: 'record' },
})

export interface NodeStatus extends NodeIdResult {
  version: string
  key_rotations: number
  urls: string[]
  peers: { active: number; pending: number; revoked: number }
}

export const nodeStatus = defineVerb<Record<string, never>, NodeStatus>({
  name: 'node.status',
  summary: "Show this node's identity, key history, URLs and peer counts",
  scope: 'read',
  remote: true,
  params: noParams,
  result: { type: 'object', required: ['node_id', 'fingerprint', 'version'] },
  cli: { output: 'record' },
})

export interface InviteParams {
  scopes?: Scope[]
  ttl?: string
  uses?: number
  url?: string[]
}

export interface InviteResult {
  code: string
  node_id: string
  fingerprint: string
  scopes: Scope[]
  uses: number
  expires_at: string
  urls: string[]
}

export const peerInvite = defineVerb<InviteParams, InviteResult>({
  name: 'peer.invite',
  summary: 'Make a one-line invite code another node uses to pair with this one',
  scope: 'admin',
  remote: false,
  localHint: 'an invite carries a one-time secret: make it on the node itself',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      scopes: {
        ...scopes,
        default: ['read'],
        description: `scopes the new peer gets here (${SCOPES.join(',')})`,
      },
      ttl: {
        type: 'string',
        pattern: '^[1-9][0-9]{0,5}(s|m|h|d)$',
        default: '15m',
        description: 'how long the code works (e.g. 15m, 2h, 7d)',
      },
      uses: {
        type: 'integer',
        minimum: 1,
        maximum: 100,
        default: 1,
        description: 'how many nodes may use it',
      },
      url: {
        type: 'array',
        items: { type: 'string', pattern: '^https?://', maxLength: 2048 },
        maxItems: 16,
        description: "URL(s) where the other node reaches this one (default: the running node's)",
      },
    },
  },
  result: { type: 'object', required: ['code'] },
  cli: { output: 'record' },
})

export interface PeerAddParams {
  name: string
  code?: string
  fingerprint?: string
}

export interface PeerView {
  name: string
  node_id: string
  fingerprint: string
  urls: string[]
  scopes_here: Scope[]
  scopes_there: Scope[]
  status: 'active' | 'pending' | 'revoked'
  default: boolean
  last_seen: string | null
  /** Set when this peer's node id answered from two hosts at once. */
  conflict: string | null
  reachable?: boolean | null
}

export const peerAdd = defineVerb<PeerAddParams, PeerView & { pairing: 'paired' | 'pending' }>({
  name: 'peer.add',
  summary: 'Pair with another node: `peer add NAME CODE`, or `peer add NAME URL --fingerprint FP`',
  scope: 'admin',
  remote: false,
  localHint: "pairing pins keys in this node's own data file: run it on the node that joins",
  params: {
    type: 'object',
    required: ['name', 'code'],
    additionalProperties: false,
    properties: {
      name: peerName,
      code: {
        type: 'string',
        minLength: 1,
        maxLength: 4096,
        description: "the invite code, or the peer's URL with --fingerprint",
      },
      fingerprint: {
        type: 'string',
        maxLength: 64,
        description: 'pair by URL and key fingerprint (the owner approves there)',
      },
    },
  },
  result: { type: 'object', required: ['name', 'node_id'] },
  cli: { args: ['name', 'code'], output: 'record' },
})

export const peerPair = defineVerb<Record<string, unknown>, unknown>({
  name: 'peer.pair',
  summary: 'Answer a pairing request from another node (called by nodes, not people)',
  scope: 'read',
  remote: true,
  open: 'strangers',
  params: { type: 'object' },
  result: { type: 'object' },
  cli: { words: ['peer', 'pair-request'], output: 'record' },
})

export const peerList = defineVerb<{ check?: boolean }, PeerView[]>({
  name: 'peer.list',
  summary: 'List paired peers: name, node id, fingerprint, URL, scopes both ways, last seen, reachable',
  scope: 'admin',
  remote: true,
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      check: {
        type: 'boolean',
        default: true,
        description: 'check whether each peer answers (--no-check skips it)',
      },
    },
  },
  result: { type: 'array' },
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

const byName = (name: string, summary: string, extra: Record<string, unknown> = {}) =>
  defineVerb<{ name: string; scopes?: Scope[] }, PeerView>({
    name,
    summary,
    scope: 'admin',
    remote: false,
    localHint: 'peers are managed on the node itself',
    params: {
      type: 'object',
      required: ['name', ...Object.keys(extra)],
      additionalProperties: false,
      properties: { name: peerName, ...extra },
    },
    result: { type: 'object' },
    cli: { args: ['name'], output: 'record' },
  })

export const peerRemove = byName('peer.remove', 'Forget a peer (its key is no longer accepted)')
export const peerDefault = byName('peer.default', 'Make a peer the default target')
export const peerRevoke = byName('peer.revoke', 'Revoke a peer at once: its calls are refused from now on')
export const peerGrant = byName('peer.grant', 'Set the scopes a peer holds on this node', {
  scopes: { ...scopes, minItems: 0 },
})
export const peerApprove = byName('peer.approve', 'Approve a pending pairing request with scopes', { scopes })

export const peerRequests = defineVerb<Record<string, never>, PeerView[]>({
  name: 'peer.requests',
  summary: 'List pairing requests waiting for approval',
  scope: 'admin',
  remote: false,
  localHint: 'peers are managed on the node itself',
  params: noParams,
  result: { type: 'array' },
  cli: { output: 'list', columns: ['name', 'node_id', 'fingerprint', 'urls', 'last_seen'] },
})

export interface RotateResult extends NodeIdResult {
  old_fingerprint: string
  grace_until: string
  announced: { peer: string; ok: boolean; error?: string }[]
}

export const nodeRotateKey = defineVerb<{ grace?: string }, RotateResult>({
  name: 'node.rotate-key',
  summary: "Replace this node's signing key; the old key keeps working for a grace period, then never",
  scope: 'system',
  remote: false,
  localHint: 'a node rotates its own key: run it on that node',
  params: {
    type: 'object',
    additionalProperties: false,
    properties: {
      grace: {
        type: 'string',
        pattern: '^[0-9]{1,6}(s|m|h|d)$',
        default: '24h',
        description: 'how long the old key keeps working (0s to 30d)',
      },
    },
  },
  result: { type: 'object', required: ['node_id', 'fingerprint'] },
  cli: { words: ['node', 'rotate-key'], output: 'record' },
})

export const peerRotated = defineVerb<{ node: unknown }, { accepted: true }>({
  name: 'peer.rotated',
  summary: "Accept a peer's announcement of its new key (called by nodes, not people)",
  scope: 'read',
  remote: true,
  open: 'peers',
  params: {
    type: 'object',
    required: ['node'],
    additionalProperties: false,
    properties: { node: { type: 'object' } },
  },
  result: { type: 'object' },
  cli: { words: ['peer', 'rotated'], output: 'record' },
})

export const nodeAdopt = defineVerb<Record<string, never>, RotateResult & { moved_from: string }>({
  name: 'node.adopt',
  summary:
    "After moving data.db to a new machine or path, keep the node's identity (peers then refuse the old host)",
  scope: 'system',
  remote: false,
  localHint: 'run it on the machine the data file moved to',
  params: noParams,
  result: { type: 'object', required: ['node_id'] },
  cli: { output: 'record' },
})
