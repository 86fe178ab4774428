// PEERS.md §12: the published test vectors are what this code computes, with both crypto providers, and
// PEERS.md states the same values as test/peer/protocol/vectors.json.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { nodeCrypto } from '../../../peer/crypto-node.js'
import { naclCrypto } from '../../../peer/protocol/crypto.js'
import { fromBase64, utf8 } from '../../../peer/protocol/encoding.js'
import { decodeInvite } from '../../../peer/protocol/invite.js'
import { verifyNodeRecord } from '../../../peer/protocol/node-record.js'
import { openRequest, openResponse } from '../../../peer/protocol/seal.js'
import { verifyRequest } from '../../../peer/protocol/signature.js'
import { verifyResponse } from '../../../peer/protocol/signature-response.js'
import { nodeA, nodeB, repoRoot, T0 } from './fixtures.js'
import { computeVectors } from './vector-source.js'

const root = repoRoot()
const vectors = JSON.parse(readFileSync(join(root, 'test/peer/protocol/vectors.json'), 'utf8')) as ReturnType<
  typeof computeVectors
>
const peersMd = readFileSync(join(root, 'PEERS.md'), 'utf8')

test('the code reproduces vectors.json exactly with tweetnacl and with node:crypto', () => {
  assert.deepEqual(computeVectors(naclCrypto), vectors)
  assert.deepEqual(computeVectors(nodeCrypto), vectors)
})

function leaves(v: unknown, path: string, out: Array<[string, string]>): void {
  if (typeof v === 'string' || typeof v === 'number') out.push([path, String(v)])
  else if (v !== null && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) leaves(x, `${path}.${k}`, out)
}

test('PEERS.md states every vector value byte for byte', () => {
  const all: Array<[string, string]> = []
  leaves(vectors, 'vectors', all)
  assert.ok(all.length > 40)
  for (const [path, value] of all) {
    if (value === '') continue
    assert.ok(peersMd.includes(value), `PEERS.md lacks ${path} = ${value.slice(0, 80)}`)
  }
})

test('the vector request, response, sealed bodies, invite and records verify as published', () => {
  const a = nodeA(naclCrypto)
  const b = nodeB(naclCrypto)
  const r = vectors.request
  const reqHeaders = {
    'content-digest': r.content_digest,
    'content-type': r.content_type,
    'fazt-recipient': r.recipient,
    'signature-input': r.signature_input,
    signature: r.signature,
  }
  const parts = { method: r.method, path: r.path, query: r.query, body: utf8(r.body) }
  verifyRequest(reqHeaders, parts, {
    now: T0,
    expectedRecipient: b.nodeId,
    lookupKey: () => a.signer.publicKey,
  })
  const s = vectors.response
  verifyResponse(
    {
      'content-digest': s.content_digest,
      'content-type': s.content_type,
      'signature-input': s.signature_input,
      signature: s.signature,
    },
    { status: s.status, body: utf8(s.body) },
    { method: r.method, path: r.path, signature: r.signature },
    { lookupKey: () => b.signer.publicKey },
  )
  const opened = openRequest(fromBase64(vectors.sealed.request_wire_base64) as Uint8Array, b.box.secretKey)
  assert.equal(new TextDecoder().decode(opened.body), r.body)
  const reply = openResponse(opened.context, fromBase64(vectors.sealed.response_wire_base64) as Uint8Array)
  assert.equal(new TextDecoder().decode(reply.body), s.body)
  assert.equal(decodeInvite(vectors.invite.code, { now: T0 }).node_id, b.nodeId)
  verifyNodeRecord(JSON.parse(vectors.node_record_b.signed), { now: T0 })
  assert.equal(verifyNodeRecord(JSON.parse(vectors.node_record_a_rotated.signed)).record.node_id, a.nodeId)
})
