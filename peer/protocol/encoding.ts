// Byte encodings used on the wire: base64 (RFC 8941 byte sequences), base64url (keys, nonces, invite
// codes), base32 (node ids, fingerprints). Written here rather than using Buffer so this layer runs in a
// browser. Decoders are strict: a value has exactly one accepted spelling, so nothing signed can be
// re-encoded into a second form that still verifies.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
// RFC 4648 §6 alphabet; fazt prints it lowercase in node ids and uppercase in fingerprints.
export const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function reverse(alphabet: string): Int16Array {
  const table = new Int16Array(128).fill(-1)
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i
  return table
}
const B64_REV = reverse(B64)
const B64URL_REV = reverse(B64URL)

function encode64(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = ''
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number)
    out +=
      alphabet.charAt((n >> 18) & 63) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      alphabet.charAt(n & 63)
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = (bytes[i] as number) << 16
    out += alphabet.charAt((n >> 18) & 63) + alphabet.charAt((n >> 12) & 63) + (pad ? '==' : '')
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8)
    out +=
      alphabet.charAt((n >> 18) & 63) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      (pad ? '=' : '')
  }
  return out
}

/** Returns undefined for anything that is not the one canonical encoding of some byte string. */
function decode64(text: string, rev: Int16Array, padded: boolean): Uint8Array | undefined {
  let body = text
  if (padded) {
    if (text.length % 4 !== 0) return undefined
    if (text.endsWith('==')) body = text.slice(0, -2)
    else if (text.endsWith('=')) body = text.slice(0, -1)
  }
  const rem = body.length % 4
  if (rem === 1) return undefined
  if (padded && rem === 0 && body.length !== text.length) return undefined
  const out = new Uint8Array(Math.floor((body.length * 3) / 4))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i)
    const v = c < 128 ? (rev[c] as number) : -1
    if (v < 0) return undefined
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  // Leftover bits must be zero, otherwise two texts would decode to the same bytes.
  if ((acc & ((1 << bits) - 1)) !== 0) return undefined
  return out
}

export const toBase64 = (bytes: Uint8Array): string => encode64(bytes, B64, true)
export const fromBase64 = (text: string): Uint8Array | undefined => decode64(text, B64_REV, true)
export const toBase64Url = (bytes: Uint8Array): string => encode64(bytes, B64URL, false)
export const fromBase64Url = (text: string): Uint8Array | undefined => decode64(text, B64URL_REV, false)

/** RFC 4648 base32 without padding, uppercase. */
export function toBase32(bytes: Uint8Array): string {
  let out = ''
  let acc = 0
  let bits = 0
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += BASE32_ALPHABET[(acc >> bits) & 31]
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31]
  return out
}

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: true })
export const utf8 = (text: string): Uint8Array => utf8Encoder.encode(text)
/** Throws TypeError on invalid UTF-8. */
export const fromUtf8 = (bytes: Uint8Array): string => utf8Decoder.decode(bytes)

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Constant-time for equal lengths: used wherever a secret-derived value is compared. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number)
  return diff === 0
}
