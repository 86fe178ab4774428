// PEERS.md §4.2 — RFC 9530 Content-Digest with sha-512 over the body bytes exactly as sent (sealed bytes
// when the body is sealed), so the digest is checked before anything is parsed or decrypted.

import { AppError } from '../../sdk/contract/errors.js'
import type { CryptoProvider } from './crypto.js'
import { bytesEqual } from './encoding.js'
import { isInnerList, type Member, parseDictionary, serializeBareItem } from './structured-fields.js'

/** Frozen: the only digest algorithm of this profile. */
export const DIGEST_ALG = 'sha-512'

export function contentDigest(body: Uint8Array, crypto: CryptoProvider): string {
  return `${DIGEST_ALG}=${serializeBareItem(crypto.sha512(body))}`
}

/**
 * The sha-512 value of a Content-Digest header, or SIG_MALFORMED. Other members (say sha-256) are
 * ignored: they are covered by the signature, but fazt never relies on them.
 */
export function parseContentDigest(header: string): Uint8Array {
  let member: Member | undefined
  try {
    member = parseDictionary(header).get(DIGEST_ALG)
  } catch (e) {
    throw new AppError('SIG_MALFORMED', 'Content-Digest is not a structured dictionary', { cause: e })
  }
  if (member === undefined || isInnerList(member) || !(member.value instanceof Uint8Array)) {
    throw new AppError('SIG_MALFORMED', 'Content-Digest has no sha-512 byte sequence')
  }
  if (member.value.length !== 64)
    throw new AppError('SIG_MALFORMED', 'Content-Digest sha-512 is not 64 bytes')
  return member.value
}

/** DIGEST_MISMATCH unless `digest` is SHA-512(body). */
export function checkDigest(digest: Uint8Array, body: Uint8Array, crypto: CryptoProvider): void {
  if (!bytesEqual(digest, crypto.sha512(body))) {
    throw new AppError('DIGEST_MISMATCH', 'the body does not match its Content-Digest', {
      hint: 'the body was changed in transit, or the sender hashed other bytes than it sent',
    })
  }
}
