import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { runCli } from '../helpers/cli.js'
import { tempDb } from '../helpers/paths.js'
import { query, writeSite } from '../node/hosting/site-fixture.js'

const paths = (db: string, app: string) =>
  query<{ path: string }>(
    db,
    'SELECT f.path FROM release_files f JOIN apps a ON a.id = f.app_id AND a.current_release = f.release WHERE a.name = ? ORDER BY f.path',
    app,
  ).map((r) => r.path)

describe('fazt app deploy DIR (client side)', () => {
  test('skips dotfiles, node_modules, .git, .gitignored files and private/ unless asked', async () => {
    const db = tempDb()
    const dir = writeSite(
      {
        'index.html': 'home',
        '.env': 'SECRET=1',
        '.git/config': 'x',
        '.well-known/x': 'x',
        'node_modules/lib/index.js': 'x',
        'sub/node_modules/x.js': 'x',
        '.gitignore': '# comment\n*.log\n/drafts/\ncache/\n!keep.log\nsub/**/*.tmp\n',
        'debug.log': 'x',
        'keep.log': 'kept',
        'drafts/post.md': 'x',
        'blog/drafts/post.md': 'kept: /drafts/ is anchored',
        'blog/cache/x.bin': 'x',
        'sub/a/b.tmp': 'x',
        'sub/a/b.txt': 'kept',
        'private/notes.txt': 'x',
      },
      'mysite',
    )
    const r = await runCli(['--db', db, '--json', 'app', 'deploy', dir])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.json<{ app: string }>().app, 'mysite', 'the name defaults to the folder name')
    assert.deepEqual(paths(db, 'mysite'), ['blog/drafts/post.md', 'index.html', 'keep.log', 'sub/a/b.txt'])
    const withPrivate = await runCli(['--db', db, 'app', 'deploy', dir, '--include-private', '--quiet'])
    assert.equal(withPrivate.code, 0, withPrivate.stderr)
    assert.ok(paths(db, 'mysite').includes('private/notes.txt'))
  })

  test('piped output has no progress bar and prints the URLs', async () => {
    const db = tempDb()
    const r = await runCli([
      '--db',
      db,
      'app',
      'deploy',
      writeSite({ 'index.html': 'x'.repeat(100_000) }),
      '--name',
      'plain',
    ])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stderr, '')
    assert.match(r.stdout, /^url\s+http:\/\/plain\./m)
    assert.match(r.stdout, /^preview url\s+http:\/\/plain--r1\./m)
  })

  test('a folder with a build script is built with npm and its dist/ deployed; --no-build deploys it as is', async () => {
    const db = tempDb()
    const dir = writeSite({
      'package.json': JSON.stringify({ name: 'x', scripts: { build: 'node build.mjs' } }),
      'build.mjs':
        "import { mkdirSync, writeFileSync } from 'node:fs'\nmkdirSync('dist/assets', { recursive: true })\nwriteFileSync('dist/index.html', 'built')\nwriteFileSync('dist/assets/app-Qw3rTy12.js', 'js')\n",
      'src/index.html': 'source',
    })
    const r = await runCli(['--db', db, '--json', 'app', 'deploy', dir, '--name', 'built'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /building with npm run build/)
    assert.deepEqual(paths(db, 'built'), ['assets/app-Qw3rTy12.js', 'index.html'])
    const raw = await runCli(['--db', db, '--json', 'app', 'deploy', dir, '--name', 'raw', '--no-build'])
    assert.equal(raw.code, 0, raw.stderr)
    assert.ok(paths(db, 'raw').includes('src/index.html'))
  })

  test('the package manager follows the lock file, and a failed build deploys nothing', async () => {
    const db = tempDb()
    const failing = writeSite({
      'package.json': JSON.stringify({ scripts: { build: 'node -e "process.exit(3)"' } }),
      'index.html': 'x',
    })
    const r = await runCli(['--db', db, 'app', 'deploy', failing, '--name', 'failing'])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /BUILD_FAILED: npm run build failed \(exit 3\)/)
    const noOut = writeSite({
      'package.json': JSON.stringify({ scripts: { build: 'node -e 0' } }),
      'index.html': 'x',
    })
    const r2 = await runCli(['--db', db, 'app', 'deploy', noOut, '--name', 'noout'])
    assert.match(r2.stderr, /none of dist\/ build\/ out\//)
    const yarn = writeSite({
      'package.json': JSON.stringify({ scripts: { build: 'x' } }),
      'yarn.lock': '',
      'index.html': 'x',
    })
    const r3 = await runCli(['--db', db, 'app', 'deploy', yarn, '--name', 'yarned'])
    assert.match(r3.stderr, /yarn run build/)
    const apps = await runCli(['--db', db, '--json', 'app', 'list'])
    assert.deepEqual(apps.json(), [])
  })

  test('deploying a missing folder or an empty one is a clear error', async () => {
    const db = tempDb()
    const r = await runCli(['--db', db, 'app', 'deploy', join(writeSite({ 'a.txt': 'x' }), 'nope')])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /is not a folder/)
    const empty = writeSite({ '.hidden': 'x' })
    const r2 = await runCli(['--db', db, 'app', 'deploy', empty, '--name', 'empty'])
    assert.match(r2.stderr, /nothing to deploy/)
  })
})
