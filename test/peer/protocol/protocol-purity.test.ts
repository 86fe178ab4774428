// ARCHITECTURE §1: peer/protocol runs in a browser, so it imports only tweetnacl, its own files and the
// portable error type.

import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from './fixtures.js'

test('peer/protocol imports no node: built-in and nothing above sdk/contract/errors', () => {
  const dir = join(repoRoot(), 'peer', 'protocol')
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))
  assert.ok(files.length > 10)
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8')
    for (const m of src.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1] as string
      const ok =
        spec === 'tweetnacl' || /^\.\/[a-z0-9-]+\.js$/.test(spec) || spec === '../../sdk/contract/errors.js'
      assert.ok(ok, `${f} imports ${spec}`)
    }
    const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
    assert.doesNotMatch(code, /\bBuffer\b|\bprocess\.|\brequire\(/, f)
  }
})
