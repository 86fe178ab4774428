import assert from 'node:assert/strict'
import { test } from 'node:test'
import { openNodeContext } from '../../../node/core/context.js'
import { call } from '../../../node/verbs/dispatch.js'
import { tempDb } from '../../helpers/paths.js'
import { sha256 } from './site-fixture.js'

const MiB = 1024 * 1024

test('uploads abandoned longer than the grace period are swept by the next deploy; fresh ones are kept', async () => {
  let now = 1_000_000
  const node = openNodeContext(tempDb(), { clock: { now: () => now } })
  try {
    const verb = (name: string, params: unknown) => call(node, { kind: 'local' }, name, params)
    const part = (b: Buffer, offset = 0, size = b.length, hash = sha256(b)) => ({
      hash,
      size,
      offset,
      data: b.toString('base64'),
    })
    const big = Buffer.alloc(2 * MiB + 1, 5)
    const lone = Buffer.from('uploaded, never committed')
    await verb('app.files.upload', { parts: [part(big.subarray(0, MiB), 0, big.length, sha256(big))] })
    await verb('app.files.upload', { parts: [part(lone)] })
    now += 2 * 3600_000
    const fresh = Buffer.from('uploaded just now')
    await verb('app.files.upload', { parts: [part(fresh)] })
    const site = Buffer.from('site')
    await verb('app.files.upload', { parts: [part(site)] })
    await verb('app.files.commit', { app: 'a', files: [{ path: 'index.html', hash: sha256(site), size: 4 }] })
    const hashes = node.db.prepare('SELECT DISTINCT hash FROM body_chunks ORDER BY hash').pluck().all()
    assert.deepEqual(hashes, [sha256(fresh), sha256(site)].sort())
    assert.equal(node.db.prepare('SELECT count(*) FROM bodies').pluck().get(), 2)
  } finally {
    node.close()
  }
})
