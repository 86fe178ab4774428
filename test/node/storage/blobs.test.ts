import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { codeOf, fixture } from './helpers.js'

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')

test('put and get return the bytes with their mime, size and sha256; strings are UTF-8', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  const bytes = Buffer.from([0, 1, 2, 255, 254])
  assert.deepEqual(a.blobs.put('img/x.bin', bytes, 'image/png'), {
    path: 'img/x.bin',
    size: 5,
    mime: 'image/png',
    hash: sha(bytes),
  })
  assert.deepEqual(a.blobs.get('img/x.bin'), { data: bytes, mime: 'image/png', size: 5, hash: sha(bytes) })
  a.blobs.put('t.txt', 'héllo')
  assert.deepEqual(a.blobs.get('t.txt'), {
    data: Buffer.from('héllo'),
    mime: 'application/octet-stream',
    size: 6,
    hash: sha(Buffer.from('héllo')),
  })
  a.blobs.put('u8', new Uint8Array([9, 8, 7]).subarray(1), 'text/plain; charset=utf-8')
  assert.deepEqual(a.blobs.get('u8')?.data, Buffer.from([8, 7]))
  assert.equal(b.blobs.get('t.txt'), null)
  assert.equal(a.blobs.get('nope'), null)
  fx.clock.advance(5)
  a.blobs.put('t.txt', 'replaced', 'text/plain')
  const [info] = a.blobs.list('t.')
  assert.deepEqual(info, {
    path: 't.txt',
    size: 8,
    mime: 'text/plain',
    hash: sha(Buffer.from('replaced')),
    createdAt: fx.clock.now() - 5,
    updatedAt: fx.clock.now(),
  })
  assert.equal(a.blobs.delete('t.txt'), true)
  assert.equal(a.blobs.delete('t.txt'), false)
  fx.db.close()
})

test('list is by path under a literal prefix and pages with after', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const b = fx.storage.app(fx.apps.b)
  for (const p of ['a/1', 'a/2', 'a%/3', 'a_/4', 'b/5', 'a/3']) {
    a.blobs.put(p, p)
    b.blobs.put(p, p)
  }
  assert.deepEqual(
    a.blobs.list('a/').map((x) => x.path),
    ['a/1', 'a/2', 'a/3'],
  )
  assert.deepEqual(
    a.blobs.list('a%').map((x) => x.path),
    ['a%/3'],
  )
  assert.deepEqual(
    a.blobs.list('', { after: 'a/3', limit: 2 }).map((x) => x.path),
    ['a_/4', 'b/5'],
  )
  fx.db.close()
})

test('blob limits and bad input are clear errors that store nothing', () => {
  const fx = fixture({ limits: { maxBlobBytes: 1024 } })
  const a = fx.storage.app(fx.apps.a)
  a.blobs.put('ok', Buffer.alloc(1024))
  assert.equal(
    codeOf(() => a.blobs.put('big', Buffer.alloc(1025))),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.blobs.put('ok', Buffer.alloc(1025))),
    'LIMIT_EXCEEDED',
  )
  assert.equal(a.blobs.get('ok')?.size, 1024)
  assert.equal(
    codeOf(() => a.blobs.put('x'.repeat(513), 'x')),
    'LIMIT_EXCEEDED',
  )
  assert.equal(
    codeOf(() => a.blobs.put('m', 'x', 'not a mime')),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.blobs.put('m', 'x', 'text/plain\r\nX-Evil: 1')),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.blobs.put('m', 42 as never)),
    'INVALID_ARGUMENT',
  )
  assert.equal(
    codeOf(() => a.blobs.put('', 'x')),
    'INVALID_ARGUMENT',
  )
  assert.deepEqual(
    a.blobs.list().map((x) => x.path),
    ['ok'],
  )
  fx.db.close()
})

test('the default blob limit is 50 MiB', () => {
  const fx = fixture()
  const a = fx.storage.app(fx.apps.a)
  const max = Buffer.alloc(50 * 1024 * 1024, 1)
  assert.equal(a.blobs.put('max', max).size, max.length)
  assert.equal(
    codeOf(() => a.blobs.put('over', Buffer.alloc(max.length + 1))),
    'LIMIT_EXCEEDED',
  )
  assert.equal(a.blobs.get('over'), null)
  fx.db.close()
})
