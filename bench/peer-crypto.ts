// Ed25519 sign/verify and SHA-512 throughput: tweetnacl (portable default) vs node:crypto (OpenSSL),
// plus one whole signed-request round (sign + verify) with each. Prints JSON; the floor is tweetnacl.
// Run: npx tsc -p . && node dist/bench/peer-crypto.js

import { nodeCrypto } from '../peer/crypto-node.js'
import { type CryptoProvider, naclCrypto } from '../peer/protocol/crypto.js'
import { utf8 } from '../peer/protocol/encoding.js'
import { boxKeyPairFromSecret, nodeIdFromKey } from '../peer/protocol/identity.js'
import { openRequest, openResponse, sealRequest, sealResponse } from '../peer/protocol/seal.js'
import { signRequest, verifyRequest } from '../peer/protocol/signature.js'

const DURATION_MS = Number(process.env.BENCH_MS ?? 600)
const RUNS = 3

function rate(fn: () => void): number {
  for (let i = 0; i < 50; i++) fn() // warm up
  const rates: number[] = []
  for (let r = 0; r < RUNS; r++) {
    let n = 0
    const start = performance.now()
    let now = start
    while (now - start < DURATION_MS) {
      for (let i = 0; i < 20; i++) fn()
      n += 20
      now = performance.now()
    }
    rates.push((n * 1000) / (now - start))
  }
  rates.sort((a, b) => a - b)
  return Math.round(rates[1] as number) // median of 3
}

function measure(c: CryptoProvider) {
  const signer = c.signerFromSeed(new Uint8Array(32).fill(3))
  const msg = utf8('x'.repeat(400)) // about the size of a request signature base
  const sig = signer.sign(msg)
  const body = utf8(JSON.stringify({ verb: 'app.list', params: { n: 'y'.repeat(1000) } }))
  const recipient = nodeIdFromKey(signer.publicKey)
  const parts = { method: 'POST', path: '/.well-known/fazt-peer', query: '', body }
  let t = 1_700_000_000
  return {
    sign_per_s: rate(() => signer.sign(msg)),
    verify_per_s: rate(() => {
      if (!c.verify(msg, sig, signer.publicKey)) throw new Error('verify failed')
    }),
    sha512_1kb_per_s: rate(() => c.sha512(body)),
    signed_request_roundtrip_per_s: rate(() => {
      const h = signRequest({
        ...parts,
        contentType: 'application/json',
        recipient,
        key: signer,
        now: ++t,
        crypto: c,
      })
      verifyRequest(h, parts, {
        now: t,
        expectedRecipient: recipient,
        lookupKey: () => signer.publicKey,
        crypto: c,
      })
    }),
  }
}

/** Sealing always uses tweetnacl's nacl.box (X25519 + XSalsa20-Poly1305): one exchange, 1 KB each way. */
function measureSeal() {
  const box = boxKeyPairFromSecret(new Uint8Array(32).fill(9))
  const body = new Uint8Array(1024)
  return {
    sealed_exchange_per_s: rate(() => {
      const { wire, context } = sealRequest({
        body,
        contentType: 'application/json',
        recipientBoxKey: box.publicKey,
      })
      const opened = openRequest(wire, box.secretKey)
      openResponse(context, sealResponse(opened.context, { body, contentType: 'application/json' }))
    }),
  }
}

const tweetnacl = measure(naclCrypto)
const node = measure(nodeCrypto)
const ratio = Object.fromEntries(
  Object.keys(node).map((k) => [
    k,
    Math.round((node[k as keyof typeof node] / tweetnacl[k as keyof typeof node]) * 10) / 10,
  ]),
)
console.log(
  JSON.stringify(
    {
      bench: 'peer-crypto',
      node: process.version,
      runs: RUNS,
      ms_per_run: DURATION_MS,
      floor: 'tweetnacl',
      tweetnacl,
      node_crypto: node,
      ratio_node_crypto_to_tweetnacl: ratio,
      seal_tweetnacl: measureSeal(),
    },
    null,
    2,
  ),
)
