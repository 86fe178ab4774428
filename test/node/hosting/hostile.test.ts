import assert from 'node:assert/strict'
import { symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { type NodeContext, openNodeContext } from '../../../node/core/context.js'
import { call } from '../../../node/verbs/dispatch.js'
import { isAppError } from '../../../sdk/contract/errors.js'
import { runCli } from '../../helpers/cli.js'
import { tempDb } from '../../helpers/paths.js'
import { count, setSettings, sha256, writeSite } from './site-fixture.js'

const TABLES = ['apps', 'releases', 'release_files', 'bodies', 'body_chunks', 'aliases']
const MiB = 1024 * 1024

describe('hostile deploys are refused with a clear error and change nothing', () => {
  let dataPath: string
  let node: NodeContext
  const verb = (name: string, params: unknown) => call(node, { kind: 'local' }, name, params)
  const snapshot = () => TABLES.map((t) => `${t}=${count(dataPath, t)}`).join(' ')
  async function refused(name: string, params: unknown, code: string, message?: RegExp) {
    const before = snapshot()
    await assert.rejects(verb(name, params), (e: unknown) => {
      assert.ok(isAppError(e), String(e))
      assert.equal(e.code, code, e.message)
      if (message) assert.match(e.message, message)
      return true
    })
    assert.equal(snapshot(), before, `${name} changed the database`)
  }
  const part = (body: Buffer, offset = 0, size = body.length, hash = sha256(body)) => ({
    hash,
    size,
    offset,
    data: body.toString('base64'),
  })
  const file = (path: string, body: string | Buffer) => ({
    path,
    hash: sha256(body),
    size: Buffer.byteLength(body),
  })

  before(async () => {
    dataPath = tempDb()
    node = openNodeContext(dataPath)
    const ok = Buffer.from('hello')
    await verb('app.files.upload', { parts: [part(ok)] })
    await verb('app.files.commit', { app: 'good', files: [file('index.html', ok)] })
  })
  after(() => node.close())

  test('unsafe paths: ../, absolute, backslash, NUL, drive letter, empty and dot segments', async () => {
    for (const path of [
      '../etc/passwd',
      'a/../../x',
      '/etc/passwd',
      'a\\b.html',
      'a\u0000b',
      'C:/x',
      'c:x',
      'a//b',
      './a',
      'a/.',
      '',
    ]) {
      for (const name of ['app.files.missing', 'app.files.commit']) {
        await refused(name, { app: 'good', files: [file(path, 'hello')] }, 'UNSAFE_PATH')
      }
    }
  })

  test('a body that does not match its hash is never stored', async () => {
    const body = Buffer.from('the real content')
    await refused(
      'app.files.upload',
      { parts: [part(Buffer.from('forged content!!'), 0, body.length, sha256(body))] },
      'HASH_MISMATCH',
    )
    await refused('app.files.commit', { app: 'good', files: [file('index.html', body)] }, 'MISSING_CONTENT')
  })

  test('forged bytes sent under the hash of a stored body leave that body intact', async () => {
    const forged = Buffer.from('HELLO')
    await verb('app.files.upload', { parts: [part(forged, 0, 5, sha256('hello'))] })
    const stored = node.db.prepare('SELECT data FROM body_chunks WHERE hash = ?').pluck().get(sha256('hello'))
    assert.deepEqual(stored, Buffer.from('hello'))
  })

  test('truncated uploads: a missing last part, a short last part, a ragged middle part', async () => {
    const big = Buffer.alloc(3 * MiB, 7)
    const hash = sha256(big)
    // Only the first 2 MiB arrive: no body exists, and a commit naming it is refused.
    await verb('app.files.upload', { parts: [part(big.subarray(0, 2 * MiB), 0, big.length, hash)] })
    assert.equal(node.db.prepare('SELECT count(*) FROM bodies WHERE hash = ?').pluck().get(hash), 0)
    await refused('app.files.commit', { app: 'good', files: [file('big.bin', big)] }, 'MISSING_CONTENT')
    await refused(
      'app.files.upload',
      { parts: [part(big.subarray(0, 100), 0, big.length, hash)] },
      'UPLOAD_INCOMPLETE',
    )
    await refused(
      'app.files.upload',
      { parts: [part(big.subarray(2 * MiB, 3 * MiB - 1), 2 * MiB, big.length, hash)] },
      'UPLOAD_INCOMPLETE',
    )
    await refused(
      'app.files.upload',
      { parts: [part(big.subarray(0, 10), 5, big.length, hash)] },
      'INVALID_ARGUMENT',
    )
    await refused(
      'app.files.upload',
      { parts: [{ ...part(Buffer.from('x')), data: 'not*base64!' }] },
      'INVALID_ARGUMENT',
    )
  })

  test('over the limits: per file, per release, file count, one call over 8 MiB, absurd declared sizes', async () => {
    setSettings(dataPath, {
      'hosting.max_file_bytes': 1000,
      'hosting.max_release_bytes': 1500,
      'hosting.max_files': 3,
    })
    try {
      const big = Buffer.alloc(1001, 1)
      await refused(
        'app.files.missing',
        { app: 'good', files: [file('a.bin', big)] },
        'LIMIT_EXCEEDED',
        /per file/,
      )
      await refused('app.files.upload', { parts: [part(big)] }, 'LIMIT_EXCEEDED')
      const half = (c: number) => Buffer.alloc(800, c)
      await refused(
        'app.files.commit',
        { app: 'good', files: [file('a', half(1)), file('b', half(2))] },
        'LIMIT_EXCEEDED',
        /release/,
      )
      const four = ['a', 'b', 'c', 'd'].map((p) => file(p, p))
      await refused('app.files.commit', { app: 'good', files: four }, 'LIMIT_EXCEEDED', /files/)
      // Uploads are per-file and content-addressed (no archives): a "bomb" is a huge declared size.
      const bomb = { path: 'bomb.bin', hash: sha256('x'), size: 2 ** 50 }
      await refused('app.files.missing', { app: 'good', files: [bomb] }, 'LIMIT_EXCEEDED')
      await refused('app.files.upload', { parts: [part(Buffer.from('x'), 0, 2 ** 50)] }, 'LIMIT_EXCEEDED')
    } finally {
      setSettings(dataPath, {
        'hosting.max_file_bytes': 100 * MiB,
        'hosting.max_release_bytes': 500 * MiB,
        'hosting.max_files': 20000,
      })
    }
    const chunk = Buffer.alloc(MiB, 3)
    const parts = Array.from({ length: 9 }, (_, i) => part(chunk, i * MiB, 9 * MiB + 1, 'a'.repeat(64)))
    await refused('app.files.upload', { parts }, 'PAYLOAD_TOO_LARGE')
  })

  test('a declared size that differs from the stored body is refused at commit', async () => {
    await refused(
      'app.files.commit',
      { app: 'good', files: [{ ...file('index.html', 'hello'), size: 6 }] },
      'HASH_MISMATCH',
    )
  })

  test('invalid app names and reserved names', async () => {
    const files = [file('index.html', 'hello')]
    for (const app of ['Bad', 'a_b', '-a', 'a-', 'x'.repeat(64), 'a.b', 'ü']) {
      await refused('app.files.commit', { app, files }, 'INVALID_ARGUMENT')
    }
    for (const app of ['www', 'api', 'admin', 'a--b'])
      await refused('app.files.commit', { app, files }, 'RESERVED')
    await verb('app.reserve', { sub: 'taken' })
    await refused('app.files.missing', { app: 'taken', files }, 'RESERVED')
    await refused('app.files.commit', { app: 'taken', files }, 'RESERVED')
  })

  test('the CLI refuses symlinks and unsafe file names before uploading anything', async () => {
    const before = snapshot()
    const link = writeSite({ 'index.html': 'x' })
    symlinkSync('/etc/passwd', join(link, 'passwd'))
    const r1 = await runCli(['--db', dataPath, 'app', 'deploy', link, '--name', 'linked'])
    assert.equal(r1.code, 1)
    assert.match(r1.stderr, /UNSAFE_PATH: refused passwd: symlinks/)
    const slash = writeSite({ 'index.html': 'x' })
    writeFileSync(join(slash, 'a\\b.html'), 'x')
    const r2 = await runCli(['--db', dataPath, 'app', 'deploy', slash, '--name', 'slashed'])
    assert.equal(r2.code, 1)
    assert.match(r2.stderr, /UNSAFE_PATH: .*backslash/)
    assert.equal(snapshot(), before)
  })
})
