// PEERS.md §11.1 — invite codes: one line a person copies from node B to node A. It carries where B
// answers, who B is (node id + fingerprint, checked against B's signed node record before anything is
// sent), and a one-time secret that A proves knowledge of without sending it (PEERS.md §11.2).

import { AppError } from '../../sdk/contract/errors.js'
import { canonicalJson } from './canonical-json.js'
import { type CryptoProvider, naclCrypto, naclRandomBytes, type RandomBytes } from './crypto.js'
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './encoding.js'
import { fingerprint, parseFingerprint } from './fingerprint.js'
import { isNodeId, nodeIdFromKey } from './identity.js'
import { checkSeconds } from './request-parts.js'

/** Frozen: `fazt1.` + base64url(canonical JSON). The digit is the invite format version. */
export const INVITE_PREFIX = 'fazt1.'
export const INVITE_VERSION = 1
export const MAX_INVITE_LENGTH = 4096

export interface Invite {
  urls: string[]
  node_id: string
  fp: string
  /** base64url of 32 random bytes. */
  secret: string
  /** Unix seconds after which the inviter refuses it. */
  exp: number
}

export interface CreateInviteOptions {
  urls: string[]
  signKey: Uint8Array
  /** The key the node id derives from, when the node has rotated; defaults to signKey. */
  firstKey?: Uint8Array
  exp: number
  random?: RandomBytes
  crypto?: CryptoProvider
}

/** The secret is returned once, for the inviter to store; it is in the code and nowhere else. */
export function createInvite(opts: CreateInviteOptions): { code: string; invite: Invite } {
  const crypto = opts.crypto ?? naclCrypto
  const invite: Invite = {
    urls: opts.urls,
    node_id: nodeIdFromKey(opts.firstKey ?? opts.signKey, crypto),
    fp: fingerprint(opts.signKey, crypto),
    secret: toBase64Url((opts.random ?? naclRandomBytes)(32)),
    exp: opts.exp,
  }
  return { code: encodeInvite(invite), invite }
}

export function encodeInvite(invite: Invite): string {
  checkInvite(invite, (m) => new RangeError(m))
  return INVITE_PREFIX + toBase64Url(utf8(canonicalJson(invite)))
}

function bad(message: string): AppError {
  return new AppError('INVITE_MALFORMED', message, {
    hint: 'copy the whole code printed by `fazt peer invite` on the other node (it starts with fazt1.)',
  })
}

/** Whitespace anywhere is ignored (terminals wrap long lines). With `now`, an expired code is refused. */
export function decodeInvite(code: string, opts: { now?: number } = {}): Invite {
  if (typeof code !== 'string') throw bad('an invite code is text')
  const text = code.replace(/\s+/g, '')
  if (text.length === 0) throw bad('the invite code is empty')
  if (text.length > MAX_INVITE_LENGTH) throw bad('this is far too long to be an invite code')
  const version = /^fazt(\d{1,6})\./.exec(text)
  if (version === null) throw bad('this is not a fazt invite code')
  if (Number(version[1]) !== INVITE_VERSION) {
    throw new AppError(
      'INVITE_VERSION',
      `the invite code has format version ${version[1]}, this fazt reads 1`,
      {
        hint: 'the nodes run different fazt versions: upgrade the older one',
      },
    )
  }
  const bytes = fromBase64Url(text.slice(INVITE_PREFIX.length))
  if (bytes === undefined) throw bad('the invite code is damaged (not base64url): was it cut when copied?')
  let parsed: unknown
  try {
    parsed = JSON.parse(fromUtf8(bytes))
  } catch {
    throw bad('the invite code is incomplete or damaged: was it cut when copied?')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('the invite code is damaged')
  const p = parsed as Record<string, unknown>
  checkInvite(p, bad)
  const invite: Invite = {
    urls: p.urls as string[],
    node_id: p.node_id as string,
    fp: parseFingerprint(p.fp as string),
    secret: p.secret as string,
    exp: p.exp as number,
  }
  if (opts.now !== undefined) {
    checkSeconds(opts.now, 'now')
    if (opts.now > invite.exp) {
      throw new AppError('INVITE_EXPIRED', 'the invite code has expired', {
        hint: 'ask for a new one: fazt peer invite on the other node',
      })
    }
  }
  return invite
}

function checkInvite(value: object, fail: (m: string) => Error): void {
  const p = value as Record<string, unknown>
  const urls = p.urls
  if (!Array.isArray(urls) || urls.length === 0 || urls.length > 16) throw fail('the invite has no URLs')
  for (const u of urls) if (typeof u !== 'string' || !isHttpUrl(u)) throw fail('the invite has a bad URL')
  if (!isNodeId(p.node_id)) throw fail('the invite has no valid node id')
  if (typeof p.fp !== 'string') throw fail('the invite has no fingerprint')
  try {
    parseFingerprint(p.fp)
  } catch {
    throw fail('the invite fingerprint is damaged')
  }
  const secret = typeof p.secret === 'string' && p.secret.length === 43 ? fromBase64Url(p.secret) : undefined
  if (secret?.length !== 32) throw fail('the invite secret is damaged')
  if (!Number.isSafeInteger(p.exp) || (p.exp as number) < 0) throw fail('the invite has no valid expiry')
}

function isHttpUrl(s: string): boolean {
  if (s.length > 2048) return false
  try {
    const u = new URL(s)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === ''
  } catch {
    return false
  }
}
