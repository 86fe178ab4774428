// `fazt node …`: this node's identity and its key (docs/peers.md, PEERS.md §2 and §6).
import { type Static, Type } from '@sinclair/typebox'
import { Duration, NoParams, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

const Int = Type.Integer({ minimum: 0 })

export const nodeId = defineVerb({
  name: 'node.id',
  summary: "Print this node's id and key fingerprint",
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Result({ node_id: Type.String(), fingerprint: Type.String() }),
  cli: { output: 'record' },
})

export const nodeStatus = defineVerb({
  name: 'node.status',
  summary: "Show this node's identity, key history, URLs and peer counts",
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Result({
    node_id: Type.String(),
    fingerprint: Type.String(),
    version: Type.String(),
    key_rotations: Int,
    urls: Type.Array(Type.String()),
    peers: Result({ active: Int, pending: Int, revoked: Int }),
  }),
  cli: { output: 'record' },
})

export const RotateResult = Result({
  node_id: Type.String(),
  fingerprint: Type.String(),
  old_fingerprint: Type.String(),
  grace_until: Type.String(),
  announced: Type.Array(
    Result({ peer: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
  ),
})
export type RotateResult = Static<typeof RotateResult>

export const nodeRotateKey = defineVerb({
  name: 'node.rotate-key',
  summary: "Replace this node's signing key; the old key keeps working for a grace period, then never",
  scope: 'system',
  remote: false,
  localHint: 'a node rotates its own key: run it on that node',
  params: Params({
    grace: Type.Optional(Duration('how long the old key keeps working (0s to 30d)', '24h', true)),
  }),
  result: RotateResult,
  cli: { words: ['node', 'rotate-key'], output: 'record' },
})

export const nodeAdopt = defineVerb({
  name: 'node.adopt',
  summary:
    "After moving data.db to a new machine or path, keep the node's identity (peers then refuse the old host)",
  scope: 'system',
  remote: false,
  localHint: 'run it on the machine the data file moved to',
  params: NoParams,
  result: Type.Composite([RotateResult, Type.Object({ moved_from: Type.String() })], {
    additionalProperties: false,
  }),
  cli: { output: 'record' },
})
