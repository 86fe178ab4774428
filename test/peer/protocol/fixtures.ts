// Fixed keys and helpers shared by the peer protocol tests and the test vectors (PEERS.md §12).

import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CryptoProvider, Signer } from '../../../peer/protocol/crypto.js'
import { type BoxKeyPair, boxKeyPairFromSecret, nodeIdFromKey } from '../../../peer/protocol/identity.js'
import { AppError } from '../../../sdk/contract/errors.js'

/** start, start+1, … (mod 256), n bytes. */
export function seq(start: number, n = 32): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff)
}
export function fill(value: number, n: number): Uint8Array {
  return new Uint8Array(n).fill(value)
}
export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

export const SEEDS = {
  aSign: seq(0x00),
  aBox: seq(0x20),
  bSign: seq(0x40),
  bBox: seq(0x60),
  aNextSign: seq(0x80),
  ephemeral: seq(0xc0),
  inviteSecret: seq(0xe0),
  requestNonce: fill(0xa5, 16),
  sealRequestNonce: fill(0x5a, 24),
  sealResponseNonce: fill(0x3c, 24),
}

export interface TestNode {
  signer: Signer
  box: BoxKeyPair
  nodeId: string
}

export function testNode(crypto: CryptoProvider, signSeed: Uint8Array, boxSecret: Uint8Array): TestNode {
  const signer = crypto.signerFromSeed(signSeed)
  return { signer, box: boxKeyPairFromSecret(boxSecret), nodeId: nodeIdFromKey(signer.publicKey, crypto) }
}

export const nodeA = (crypto: CryptoProvider): TestNode => testNode(crypto, SEEDS.aSign, SEEDS.aBox)
export const nodeB = (crypto: CryptoProvider): TestNode => testNode(crypto, SEEDS.bSign, SEEDS.bBox)

/** The repository root: tests run compiled from dist/test/…, so walk up to the first package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('no package.json above the test file')
    dir = up
  }
  return dir
}

export const T0 = 1_700_000_000

/** Asserts that fn throws an AppError with this code (and returns it for more checks). */
export function throwsCode(fn: () => unknown, code: string): AppError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  assert.ok(caught !== undefined, `expected ${code}, nothing was thrown`)
  assert.ok(caught instanceof AppError, `expected AppError ${code}, got ${String(caught)}`)
  assert.equal(caught.code, code, `expected ${code}, got ${caught.code}: ${caught.message}`)
  return caught
}
