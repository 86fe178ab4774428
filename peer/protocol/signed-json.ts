// PEERS.md §2.2 — detached Ed25519 signatures over canonical JSON, with a purpose prefix so a signature
// made for one kind of object (a node record) can never be replayed as another (a rotation record).

import { canonicalJson } from './canonical-json.js'
import { type CryptoProvider, ED25519_SIGNATURE_LENGTH, type Signer } from './crypto.js'
import { fromBase64Url, toBase64Url, utf8 } from './encoding.js'

/** Frozen purpose prefixes. */
export const PURPOSE = {
  nodeRecord: 'fazt-node-record-v1',
  rotation: 'fazt-rotate-v1',
} as const
export type Purpose = (typeof PURPOSE)[keyof typeof PURPOSE]

/** The signed bytes: UTF-8 of `<purpose>` LF `<canonical JSON>`. */
export function signedJsonMessage(purpose: Purpose, value: unknown): Uint8Array {
  return utf8(`${purpose}\n${canonicalJson(value)}`)
}

export function signJson(purpose: Purpose, value: unknown, key: Signer): string {
  return toBase64Url(key.sign(signedJsonMessage(purpose, value)))
}

export function verifyJson(
  purpose: Purpose,
  value: unknown,
  signature: unknown,
  publicKey: Uint8Array,
  crypto: CryptoProvider,
): boolean {
  if (typeof signature !== 'string' || signature.length !== 86) return false
  const sig = fromBase64Url(signature)
  if (sig === undefined || sig.length !== ED25519_SIGNATURE_LENGTH) return false
  let message: Uint8Array
  try {
    message = signedJsonMessage(purpose, value)
  } catch {
    return false
  }
  return crypto.verify(message, sig, publicKey)
}
