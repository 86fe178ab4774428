import assert from 'node:assert/strict'
import { test } from 'node:test'
import { gitignore } from '../../../cli/deploy-gitignore.js'
import { contentTypeOf, isCompressible } from '../../../node/hosting/content-type.js'
import { isHashedAsset, unsafePath } from '../../../node/hosting/paths.js'
import { cacheControlOf } from '../../../node/hosting/site-resolver.js'
import { accepts, etagMatches, parseRange } from '../../../node/http/site-wire.js'

test('unsafe release paths are named, safe ones pass', () => {
  const table: [string, string | undefined][] = [
    ['index.html', undefined],
    ['a/b/c.txt', undefined],
    ['.well-known/x', undefined],
    ['a..b/c', undefined],
    ['', 'is empty'],
    ['/etc/passwd', 'is absolute'],
    ['C:/x', 'starts with a drive letter'],
    ['a\\b', 'contains a backslash'],
    ['a\u0000b', 'contains a NUL or control character'],
    ['a\nb', 'contains a NUL or control character'],
    ['a//b', 'has an empty segment'],
    ['a/', 'has an empty segment'],
    ['../x', 'has a ".." segment'],
    ['a/./b', 'has a "." segment'],
  ]
  for (const [path, why] of table) assert.equal(unsafePath(path), why, JSON.stringify(path))
})

test('hashed assets are recognised by their bundler-style names only under assets/', () => {
  const table: [string, boolean][] = [
    ['assets/index-D3x_Kq9a.js', true],
    ['assets/logo-Bjzhv9fK.svg', true],
    ['static/assets/chunk-a1b2c3d4.css', true],
    ['assets/index-D-3x_Kq9.js', true],
    ['assets/my-long-filename.js', false],
    ['assets/app.js', false],
    ['js/index-D3x_Kq9a.js', false],
    ['assets/index-D3x.js', false],
  ]
  for (const [path, hashed] of table) assert.equal(isHashedAsset(path), hashed, path)
  assert.equal(
    cacheControlOf('assets/index-D3x_Kq9a.js', 'text/javascript'),
    'public, max-age=31536000, immutable',
  )
  assert.equal(cacheControlOf('assets/index-D3x_Kq9a.html', 'text/html; charset=utf-8'), 'no-cache')
  assert.equal(cacheControlOf('logo.png', 'image/png'), 'public, max-age=300')
})

test('content types and compressibility', () => {
  assert.equal(contentTypeOf('a/B.HTML'), 'text/html; charset=utf-8')
  assert.equal(contentTypeOf('x.woff2'), 'font/woff2')
  assert.equal(contentTypeOf('Makefile'), 'application/octet-stream')
  assert.equal(contentTypeOf('.x/noext'), 'application/octet-stream')
  assert.ok(isCompressible(contentTypeOf('a.svg')))
  assert.ok(!isCompressible(contentTypeOf('a.png')))
})

test('single byte ranges; several ranges or nonsense are ignored', () => {
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 })
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 })
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 })
  assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 })
  assert.deepEqual(parseRange('bytes=50-500', 100), { start: 50, end: 99 })
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable')
  assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable')
  assert.equal(parseRange('bytes=0-1,5-6', 100), undefined)
  assert.equal(parseRange('bytes=9-2', 100), undefined)
  assert.equal(parseRange('items=0-1', 100), undefined)
})

test('Accept-Encoding and If-None-Match parsing', () => {
  assert.ok(accepts('gzip, deflate, br', 'br'))
  assert.ok(!accepts('gzip, br;q=0', 'br'))
  assert.ok(accepts('br;q=0.5, gzip', 'br'))
  assert.ok(!accepts('identity', 'gzip'))
  assert.ok(etagMatches('"a"', '"a"'))
  assert.ok(etagMatches('"b", W/"a"', '"a"'))
  assert.ok(etagMatches('*', '"a"'))
  assert.ok(!etagMatches('"b"', '"a"'))
})

test('.gitignore rules: globs, anchoring, folders only, negation', () => {
  const ig = gitignore('# c\n*.log\n!keep.log\n/build\ntmp/\ndocs/**/draft-*.md\n\\#hash\n')
  const table: [string, boolean, boolean][] = [
    ['a.log', false, true],
    ['x/y/a.log', false, true],
    ['keep.log', false, false],
    ['build', true, true],
    ['src/build', true, false],
    ['tmp', true, true],
    ['tmp', false, false],
    ['a/tmp', true, true],
    ['docs/draft-1.md', false, true],
    ['docs/a/b/draft-2.md', false, true],
    ['docs/final.md', false, false],
    ['#hash', false, true],
  ]
  for (const [path, isDir, ignored] of table) assert.equal(ig(path, isDir), ignored, path)
})
