// Computes every test vector of PEERS.md §12 from fixed inputs. vectors.test.ts checks the result against
// test/peer/protocol/vectors.json and PEERS.md, with both crypto providers.

import { canonicalJson } from '../../../peer/protocol/canonical-json.js'
import type { CryptoProvider } from '../../../peer/protocol/crypto.js'
import { toBase64, toBase64Url, utf8 } from '../../../peer/protocol/encoding.js'
import { fingerprint } from '../../../peer/protocol/fingerprint.js'
import { encodeKey } from '../../../peer/protocol/identity.js'
import { encodeInvite } from '../../../peer/protocol/invite.js'
import { signNodeRecord } from '../../../peer/protocol/node-record.js'
import { pairProof } from '../../../peer/protocol/pairing.js'
import { createRotation } from '../../../peer/protocol/rotation.js'
import { sealRequest, sealResponse } from '../../../peer/protocol/seal.js'
import { requestBase, signRequest } from '../../../peer/protocol/signature.js'
import { responseBase, signResponse } from '../../../peer/protocol/signature-response.js'
import { type InnerList, parseDictionary } from '../../../peer/protocol/structured-fields.js'
import { hex, nodeA, nodeB, SEEDS, T0, type TestNode, testNode } from './fixtures.js'

function keyVector(
  n: TestNode,
  signSeed: Uint8Array,
  boxSecret: Uint8Array | undefined,
  crypto: CryptoProvider,
) {
  return {
    sign_seed_hex: hex(signSeed),
    ...(boxSecret ? { box_secret_hex: hex(boxSecret) } : {}),
    sign_key: encodeKey(n.signer.publicKey),
    ...(boxSecret ? { box_key: encodeKey(n.box.publicKey) } : {}),
    ...(boxSecret ? { node_id: n.nodeId } : {}),
    fingerprint: fingerprint(n.signer.publicKey, crypto),
  }
}

function input(header: string): InnerList {
  return parseDictionary(header).get('fazt') as InnerList
}

export function computeVectors(crypto: CryptoProvider) {
  const a = nodeA(crypto)
  const b = nodeB(crypto)
  const aNext = testNode(crypto, SEEDS.aNextSign, SEEDS.aBox)

  const body = canonicalJson({ verb: 'app.list', params: {} })
  const req = {
    method: 'POST',
    path: '/_fazt/rpc',
    query: '',
    body: utf8(body),
    contentType: 'application/json',
  }
  const reqHeaders = signRequest({
    ...req,
    recipient: b.nodeId,
    key: a.signer,
    now: T0,
    nonce: SEEDS.requestNonce,
    crypto,
  })
  const reqBase = requestBase(
    input(reqHeaders['signature-input']),
    req.method,
    req.path,
    req.query,
    reqHeaders['content-digest'],
    req.contentType,
    b.nodeId,
  )

  const resBody = canonicalJson({ ok: true, data: [] })
  const binding = { method: req.method, path: req.path, signature: reqHeaders.signature }
  const res = { status: 200, body: utf8(resBody), contentType: 'application/json' }
  const resHeaders = signResponse({ ...res, request: binding, key: b.signer, now: T0 + 1, crypto })
  const resBase = responseBase(
    input(resHeaders['signature-input']),
    res.status,
    resHeaders['content-digest'],
    res.contentType,
    binding,
    (m) => new Error(m),
  )

  const sealed = sealRequest({
    body: utf8(body),
    contentType: 'application/json',
    recipientBoxKey: b.box.publicKey,
    ephemeralSecret: SEEDS.ephemeral,
    nonce: SEEDS.sealRequestNonce,
  })
  const sealedResponse = sealResponse(
    sealed.context,
    { body: utf8(resBody), contentType: 'application/json' },
    { nonce: SEEDS.sealResponseNonce },
  )

  const invite = {
    urls: ['http://127.0.0.2:7080'],
    node_id: b.nodeId,
    fp: fingerprint(b.signer.publicKey, crypto),
    secret: toBase64Url(SEEDS.inviteSecret),
    exp: T0 + 900,
  }

  const rotation = createRotation({
    nodeId: a.nodeId,
    oldKey: a.signer,
    newKey: aNext.signer,
    at: T0,
    graceSeconds: 86400,
  })
  const recordB = signNodeRecord({
    signer: b.signer,
    boxPublicKey: b.box.publicKey,
    keyChain: [],
    urls: ['http://127.0.0.2:7080'],
    version: '0.1.0',
    verbs: ['app.list', 'peer.pair'],
    issuedAt: T0,
    crypto,
  })
  const recordA = signNodeRecord({
    signer: aNext.signer,
    boxPublicKey: a.box.publicKey,
    keyChain: [rotation],
    urls: ['http://127.0.0.3:7080'],
    version: '0.1.0',
    verbs: ['app.list', 'peer.pair'],
    issuedAt: T0,
    crypto,
  })

  return {
    keys: {
      a: keyVector(a, SEEDS.aSign, SEEDS.aBox, crypto),
      b: keyVector(b, SEEDS.bSign, SEEDS.bBox, crypto),
      a_next: keyVector(aNext, SEEDS.aNextSign, undefined, crypto),
    },
    request: {
      method: req.method,
      path: req.path,
      query: req.query,
      body,
      content_type: req.contentType,
      recipient: b.nodeId,
      created: T0,
      nonce_hex: hex(SEEDS.requestNonce),
      content_digest: reqHeaders['content-digest'],
      signature_input: reqHeaders['signature-input'],
      signature_base: reqBase,
      signature: reqHeaders.signature,
    },
    response: {
      status: res.status,
      body: resBody,
      content_type: res.contentType,
      created: T0 + 1,
      content_digest: resHeaders['content-digest'],
      signature_input: resHeaders['signature-input'],
      signature_base: resBase,
      signature: resHeaders.signature,
    },
    sealed: {
      ephemeral_secret_hex: hex(SEEDS.ephemeral),
      request_nonce_hex: hex(SEEDS.sealRequestNonce),
      request_wire_base64: toBase64(sealed.wire),
      response_nonce_hex: hex(SEEDS.sealResponseNonce),
      response_wire_base64: toBase64(sealedResponse),
    },
    invite: {
      secret_hex: hex(SEEDS.inviteSecret),
      code: encodeInvite(invite),
      proof_a_joins_b: pairProof(SEEDS.inviteSecret, a.nodeId, b.nodeId, crypto),
    },
    rotation: { signed: canonicalJson(rotation) },
    node_record_b: { signed: canonicalJson(recordB) },
    node_record_a_rotated: { signed: canonicalJson(recordA) },
  }
}
