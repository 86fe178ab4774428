// PEERS.md §9 — protocol version and verb skew, reported so the CLI can say "upgrade the peer" (exit 76)
// instead of a generic failure.

import { AppError } from '../../sdk/contract/errors.js'
import { getHeader, type HeaderBag } from './headers.js'
import { HEADER, PROTOCOL_VERSION, SUPPORTED_VERSIONS } from './wire.js'

/**
 * Reads `Fazt-Protocol` and returns the version, or throws VERSION_SKEW with the versions this side
 * supports in `details.supported`. Checked before the signature, whose format depends on the version.
 */
export function checkProtocolVersion(headers: HeaderBag): number {
  const raw = getHeader(headers, HEADER.protocol)
  const supported = [...SUPPORTED_VERSIONS]
  if (raw === undefined) {
    throw new AppError('VERSION_SKEW', 'the message has no Fazt-Protocol header', {
      hint: 'this is not a fazt peer, or a fazt older than the peer protocol',
      details: { supported },
    })
  }
  const v = /^[1-9][0-9]{0,5}$/.test(raw) ? Number(raw) : Number.NaN
  if (!SUPPORTED_VERSIONS.includes(v)) {
    const newer = Number.isFinite(v) && v > PROTOCOL_VERSION
    throw new AppError('VERSION_SKEW', `peer protocol version ${raw.slice(0, 16)} is not supported`, {
      hint: newer ? 'upgrade fazt on this node' : 'upgrade fazt on the other node',
      details: { supported, got: raw.slice(0, 16) },
    })
  }
  return v
}

/** The error a node returns for a verb it does not have (an older node asked by a newer one). */
export function unknownVerb(verb: string): AppError {
  return new AppError(
    'UNKNOWN_VERB',
    `this node does not know the verb ${JSON.stringify(verb.slice(0, 128))}`,
    {
      hint: 'upgrade fazt on this node, or check the verb name',
    },
  )
}
