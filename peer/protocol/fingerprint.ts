// PEERS.md §1.3 — the fingerprint people read aloud or paste to compare keys:
// base32 (uppercase) of the first 10 bytes of SHA-512(public key), as 4-4-4-4, then one check character
// (Luhn mod 32 over the 16 characters) so that a single mistyped character or a swap of two neighbours
// is caught before a wrong key is pinned.

import { AppError } from '../../sdk/contract/errors.js'
import { type CryptoProvider, naclCrypto } from './crypto.js'
import { BASE32_ALPHABET, toBase32 } from './encoding.js'

/** Frozen: `XXXX-XXXX-XXXX-XXXX-C`. */
export const FINGERPRINT_PATTERN = /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]$/

export function fingerprint(publicKey: Uint8Array, crypto: CryptoProvider = naclCrypto): string {
  if (publicKey.length !== 32) throw new RangeError('an Ed25519 public key is 32 bytes')
  const body = toBase32(crypto.sha512(publicKey).subarray(0, 10))
  return `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}-${luhn32(body)}`
}

/** Luhn mod N (N = 32) check character over base32 characters. */
export function luhn32(chars: string): string {
  let factor = 2
  let sum = 0
  for (let i = chars.length - 1; i >= 0; i--) {
    const code = BASE32_ALPHABET.indexOf(chars[i] as string)
    if (code < 0) throw new RangeError('not a base32 character')
    const addend = factor * code
    sum += Math.floor(addend / 32) + (addend % 32)
    factor = factor === 2 ? 1 : 2
  }
  return BASE32_ALPHABET[(32 - (sum % 32)) % 32] as string
}

/**
 * Accepts what a person might paste (any case, spaces, dashes, no dashes) and returns the canonical
 * form, or throws INVALID_ARGUMENT saying what is wrong.
 */
export function parseFingerprint(text: string): string {
  const hint = 'a fingerprint looks like ABCD-EFGH-IJKL-MNOP-Q (fazt node id prints it)'
  if (typeof text !== 'string' || text.length > 64) {
    throw new AppError('INVALID_ARGUMENT', 'fingerprint is not a short string', { hint })
  }
  const chars = text.replace(/[\s-]+/g, '').toUpperCase()
  if (!/^[A-Z2-7]*$/.test(chars)) {
    throw new AppError('INVALID_ARGUMENT', 'fingerprint has characters outside A-Z and 2-7', { hint })
  }
  if (chars.length !== 17) {
    throw new AppError('INVALID_ARGUMENT', `fingerprint has ${chars.length} characters, expected 17`, {
      hint,
    })
  }
  const body = chars.slice(0, 16)
  if (luhn32(body) !== chars[16]) {
    throw new AppError('INVALID_ARGUMENT', 'fingerprint check character does not match: it was mistyped', {
      hint,
    })
  }
  return `${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}-${body.slice(12, 16)}-${chars[16]}`
}
