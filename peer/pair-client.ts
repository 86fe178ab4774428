// The joining side of pairing (PEERS.md §11.3, §11.4): check who answers, prove the invite, pin the peer.
import { AppError } from '../sdk/contract/errors.js'
import type { Scope } from '../sdk/contract/verb.js'
import { type ClientDeps, callPeer } from './client.js'
import { fetchNodeRecord } from './fetch-record.js'
import { fromBase64Url } from './protocol/encoding.js'
import { decodeInvite } from './protocol/invite.js'
import { type SignedNodeRecord, type VerifiedNodeRecord, verifyNodeRecord } from './protocol/node-record.js'
import {
  checkRecordMatchesFingerprint,
  checkRecordMatchesInvite,
  type PairResponse,
  pairProof,
} from './protocol/pairing.js'
import { extendsChain } from './protocol/rotation.js'

export interface PairResult {
  record: SignedNodeRecord
  /** The URLs pairing used: the peer answered there. */
  urls: string[]
  status: 'paired' | 'pending'
  scopes: Scope[]
}

interface PairInput {
  name: string
  ownRecord: SignedNodeRecord
  ownName: string
  deps: ClientDeps
}

export async function pairByInvite(code: string, input: PairInput): Promise<PairResult> {
  const now = Math.floor(input.deps.now() / 1000)
  const invite = decodeInvite(code, { now })
  const found = await firstRecord(invite.urls, input.deps)
  checkRecordMatchesInvite(invite, found.verified, now, input.deps.crypto)
  const secret = fromBase64Url(invite.secret) as Uint8Array
  const proof = pairProof(secret, input.deps.identity.nodeId, invite.node_id, input.deps.crypto)
  return exchange(found, { node: input.ownRecord, proof, name: input.ownName }, input, invite.urls)
}

export async function pairByFingerprint(
  url: string,
  fingerprint: string,
  input: PairInput,
): Promise<PairResult> {
  const now = Math.floor(input.deps.now() / 1000)
  const found = await firstRecord([url], input.deps)
  checkRecordMatchesFingerprint(fingerprint, found.verified, now, input.deps.crypto)
  return exchange(found, { node: input.ownRecord, name: input.ownName }, input, [url])
}

async function firstRecord(
  urls: string[],
  deps: ClientDeps,
): Promise<{ verified: VerifiedNodeRecord; raw: SignedNodeRecord }> {
  let last: unknown
  for (const url of urls) {
    try {
      const r = await fetchNodeRecord(url, { crypto: deps.crypto, nowSeconds: Math.floor(deps.now() / 1000) })
      return { verified: r.verified, raw: r.raw as SignedNodeRecord }
    } catch (e) {
      last = e
    }
  }
  throw last ?? new AppError('INVITE_MALFORMED', 'the invite names no URL')
}

async function exchange(
  found: { verified: VerifiedNodeRecord; raw: SignedNodeRecord },
  params: Record<string, unknown>,
  input: PairInput,
  urls: string[],
): Promise<PairResult> {
  const rec = found.verified.record
  // Call where the invite pointed (the record may list addresses this machine cannot reach).
  const target = {
    name: input.name,
    nodeId: rec.node_id,
    urls,
    signKey: rec.sign_key,
    boxKey: rec.box_key,
    chain: found.verified.chain,
  }
  const res = (await callPeer(target, 'peer.pair', params, input.deps)) as PairResponse
  let answered: VerifiedNodeRecord
  try {
    answered = verifyNodeRecord(res?.node, {
      now: Math.floor(input.deps.now() / 1000),
      crypto: input.deps.crypto,
    })
  } catch {
    throw new AppError('PROTOCOL_ERROR', 'the peer answered pairing with an invalid node record')
  }
  if (answered.record.node_id !== rec.node_id || !extendsChain(found.verified.chain, answered.chain)) {
    throw new AppError(
      'KEY_MISMATCH',
      'the node that answered pairing is not the one checked before: pairing aborted',
    )
  }
  return { record: res.node, urls, status: res.status, scopes: (res.scopes ?? []) as Scope[] }
}
