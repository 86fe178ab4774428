// PEERS.md §4.4, §4.6 — reading the `fazt` member of Signature-Input and Signature. Bounded, strict, and
// mapped to SIG_MISSING / SIG_MALFORMED only; the meaning of each parameter is checked by the caller.

import { AppError } from '../../sdk/contract/errors.js'
import { ED25519_SIGNATURE_LENGTH } from './crypto.js'
import { getHeader, type HeaderBag } from './headers.js'
import { decodeKey } from './identity.js'
import {
  type BareItem,
  type InnerList,
  type Item,
  isInnerList,
  parseDictionary,
  serializeItem,
} from './structured-fields.js'
import { HEADER, SIGNATURE_ALG, SIGNATURE_LABEL } from './wire.js'

/** Frozen limits (PEERS.md §4.6): longer values are refused before any parsing. */
export const MAX_SIGNATURE_HEADER_LENGTH = 4096
export const MAX_DIGEST_HEADER_LENGTH = 1024
export const MAX_RECIPIENT_HEADER_LENGTH = 128
export const MAX_CONTENT_TYPE_LENGTH = 256

export interface FaztSignature {
  /** The covered components and parameters, exactly as received (order preserved for the base). */
  readonly input: InnerList
  readonly signature: Uint8Array
  readonly keyId: string
  readonly publicKeyFromId: Uint8Array
  readonly created: number
  readonly params: ReadonlyMap<string, BareItem>
}

export function malformed(message: string, cause?: unknown): AppError {
  return new AppError('SIG_MALFORMED', message, cause === undefined ? {} : { cause })
}

function member(headers: HeaderBag, name: string): Item | InnerList | undefined {
  const raw = getHeader(headers, name)
  if (raw === undefined) return undefined
  if (raw.length > MAX_SIGNATURE_HEADER_LENGTH)
    throw malformed(`${name} is longer than ${MAX_SIGNATURE_HEADER_LENGTH}`)
  try {
    return parseDictionary(raw).get(SIGNATURE_LABEL)
  } catch (e) {
    throw malformed(`${name} is not a structured dictionary: ${(e as Error).message}`, e)
  }
}

/**
 * `components` is the exact list this profile covers, in order; `allowed` names every parameter that
 * must be present (no others are accepted, so nothing unsigned-by-us can change the meaning).
 */
export function readFaztSignature(
  headers: HeaderBag,
  components: readonly Item[],
  allowed: readonly string[],
): FaztSignature {
  const inputRaw = getHeader(headers, HEADER.signatureInput)
  const sigRaw = getHeader(headers, HEADER.signature)
  if (inputRaw === undefined || sigRaw === undefined) {
    throw new AppError('SIG_MISSING', 'the message carries no Signature-Input and Signature', {
      hint: 'every peer message is signed; see PEERS.md §4',
    })
  }
  const input = member(headers, HEADER.signatureInput)
  const sig = member(headers, HEADER.signature)
  if (input === undefined || sig === undefined) {
    throw new AppError('SIG_MISSING', `the message has no signature labelled "${SIGNATURE_LABEL}"`)
  }
  if (!isInnerList(input)) throw malformed('Signature-Input member is not an inner list')
  if (isInnerList(sig) || !(sig.value instanceof Uint8Array) || sig.params.size > 0) {
    throw malformed('Signature member is not a byte sequence')
  }
  if (sig.value.length !== ED25519_SIGNATURE_LENGTH) throw malformed('an ed25519 signature is 64 bytes')

  const got = input.items.map(serializeItem)
  const want = components.map(serializeItem)
  if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
    throw malformed(`covered components must be exactly ${want.join(' ')}`)
  }
  for (const key of input.params.keys()) {
    if (!allowed.includes(key)) throw malformed(`unexpected signature parameter "${key}"`)
  }
  for (const key of allowed)
    if (!input.params.has(key)) throw malformed(`missing signature parameter "${key}"`)

  const alg = input.params.get('alg')
  if (alg !== SIGNATURE_ALG) throw malformed(`alg must be the string "${SIGNATURE_ALG}"`)
  const created = input.params.get('created')
  if (typeof created !== 'number' || created < 0) throw malformed('created must be a non-negative integer')
  const keyId = input.params.get('keyid')
  const publicKeyFromId = decodeKey(keyId)
  if (typeof keyId !== 'string' || publicKeyFromId === undefined) {
    throw malformed('keyid must be the base64url of a 32-byte Ed25519 public key')
  }
  return { input, signature: sig.value, keyId, publicKeyFromId, created, params: input.params }
}

/** A required header that is a covered component; its absence makes the signature unverifiable. */
export function coveredHeader(headers: HeaderBag, name: string, maxLength: number): string {
  const value = getHeader(headers, name)
  if (value === undefined) throw malformed(`covered header ${name} is missing`)
  if (value.length > maxLength) throw malformed(`${name} is longer than ${maxLength}`)
  return value
}
