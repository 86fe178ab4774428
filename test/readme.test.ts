import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { cliReference } from '../sdk/contract/reference.js'
import { repoRoot } from './helpers/paths.js'

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')

test('the README quick start is exactly npm ci && npm start, and npm test', () => {
  assert.match(readme, /^npm ci && npm start$/m)
  assert.match(readme, /^npm test$/m)
})

test('the README CLI reference matches the verb catalogue (run `npm run docs` after adding a verb)', () => {
  const block = /<!-- cli-reference:start -->\n([\s\S]*?)\n<!-- cli-reference:end -->/.exec(readme)?.[1]
  assert.equal(block, cliReference())
})
