// PEERS.md §3, §8, §9 — frozen wire constants and the JSON envelopes. Changing any value here is a new
// protocol version (PEERS.md §9), never an edit.

import { ERROR_CODES, type ErrorBody } from '../../sdk/contract/errors.js'

/** Frozen. Sent as `Fazt-Protocol: 1` on every peer request and response. */
export const PROTOCOL_VERSION = 1
export const SUPPORTED_VERSIONS: readonly number[] = [1]

/** Frozen header names, lowercase as HTTP/2 carries them (HTTP/1.1 names are case-insensitive). */
export const HEADER = {
  protocol: 'fazt-protocol',
  recipient: 'fazt-recipient',
  contentDigest: 'content-digest',
  contentType: 'content-type',
  signatureInput: 'signature-input',
  signature: 'signature',
} as const

/** Frozen endpoint paths (PEERS.md §3). */
export const NODE_RECORD_PATH = '/.well-known/fazt-node'
export const CALL_PATH = '/_fazt/rpc'

export const JSON_CONTENT_TYPE = 'application/json'
export const SEALED_CONTENT_TYPE = 'application/fazt-sealed'

/** Frozen: the RFC 9421 signature label and algorithm of this profile. */
export const SIGNATURE_LABEL = 'fazt'
export const SIGNATURE_ALG = 'ed25519'
/** A verifier accepts `created` within this many seconds of its own clock, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 60
/** `expires - created` is at least 1 and at most this. */
export const MAX_SIGNATURE_LIFETIME_SECONDS = 60

/** Rejection codes of signature verification (PEERS.md §8). */
export const SIG_ERROR = {
  SIG_MISSING: 'SIG_MISSING',
  SIG_MALFORMED: 'SIG_MALFORMED',
  DIGEST_MISMATCH: 'DIGEST_MISMATCH',
  WRONG_RECIPIENT: 'WRONG_RECIPIENT',
  CLOCK_SKEW: 'CLOCK_SKEW',
  EXPIRED: 'EXPIRED',
  UNKNOWN_KEY: 'UNKNOWN_KEY',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
} as const
export type SigErrorCode = keyof typeof SIG_ERROR

/** Every code the peer protocol itself defines (PEERS.md §8); status and exit live in the one table. */
export const PROTOCOL_CODES = [
  'SIG_MISSING',
  'SIG_MALFORMED',
  'DIGEST_MISMATCH',
  'WRONG_RECIPIENT',
  'CLOCK_SKEW',
  'EXPIRED',
  'UNKNOWN_KEY',
  'BAD_SIGNATURE',
  'REPLAY',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'SEAL_MALFORMED',
  'SEAL_OPEN_FAILED',
  'SEAL_REQUIRED',
  'VERSION_SKEW',
  'UNKNOWN_VERB',
  'NOT_REMOTE',
  'UNKNOWN_PEER',
  'REVOKED',
  'MISSING_SCOPE',
  'INVITE_MALFORMED',
  'INVITE_VERSION',
  'INVITE_EXPIRED',
  'INVITE_INVALID',
  'KEY_MISMATCH',
  'NODE_RECORD_INVALID',
  'ROTATION_INVALID',
  'PROTOCOL_ERROR',
] as const satisfies readonly (keyof typeof ERROR_CODES)[]
export type ProtocolCode = (typeof PROTOCOL_CODES)[number]

export const PROTOCOL_ERROR_STATUS = Object.fromEntries(
  PROTOCOL_CODES.map((c) => [c, ERROR_CODES[c][0]]),
) as Readonly<Record<ProtocolCode, number>>
export const PROTOCOL_ERROR_EXIT = Object.fromEntries(
  PROTOCOL_CODES.map((c) => [c, ERROR_CODES[c][1]]),
) as Readonly<Record<ProtocolCode, number>>

export interface WireOk<T> {
  ok: true
  data: T
}
export interface WireErr {
  ok: false
  error: ErrorBody
}
export type WireEnvelope<T> = WireOk<T> | WireErr

/** The body of `POST /_fazt/rpc` (PEERS.md §3.2). */
export interface CallBody {
  verb: string
  params: unknown
}

/** Narrow an untrusted parsed body to an envelope; undefined if it is not one. */
export function asEnvelope(value: unknown): WireEnvelope<unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (v.ok === true && 'data' in v) return { ok: true, data: v.data }
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return undefined
  const e = v.error as Record<string, unknown>
  if (typeof e.code !== 'string' || typeof e.message !== 'string') return undefined
  const error: ErrorBody = { code: e.code, message: e.message }
  if (typeof e.hint === 'string') error.hint = e.hint
  if (e.details !== undefined) error.details = e.details
  return { ok: false, error }
}
