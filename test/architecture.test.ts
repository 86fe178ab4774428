import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from './helpers/paths.js'

// ARCHITECTURE §1: imports only go down. peer/protocol < sdk/contract < sdk < peer < node < cli.
// AppError (sdk/contract/errors.ts, which imports nothing) is the floor every layer may use.
const LAYERS = [
  'sdk/contract/errors.ts',
  'peer/protocol',
  'sdk/contract',
  'sdk',
  'peer',
  'node',
  'cli',
] as const
const PORTABLE = new Set(['sdk/contract/errors.ts', 'peer/protocol', 'sdk/contract', 'sdk'])
// Longest prefix first, so peer/protocol/x.ts is in peer/protocol, not peer.
const BY_LENGTH = [...LAYERS].sort((a, b) => b.length - a.length)
const SERVER_DEPS = /^(fastify|@fastify\/|better-sqlite3|ws$|quickjs-emscripten|acme-client|commander)/

function layerOf(file: string): (typeof LAYERS)[number] | undefined {
  const rel = relative(repoRoot, file)
  return BY_LENGTH.find((l) => rel === l || rel.startsWith(`${l}/`) || rel === l.replace(/\.ts$/, '.js'))
}

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p)
  }
  return out
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    out.push(m[1] as string)
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string)
  return out
}

const files = ['peer', 'sdk', 'node', 'cli'].flatMap((d) => sources(join(repoRoot, d)))

test('the source tree has files in every layer that exists', () => {
  assert.ok(files.length > 10)
})

test('imports only go down the layers', () => {
  const bad: string[] = []
  for (const file of files) {
    const from = layerOf(file)
    if (!from) continue
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue
      const target = resolve(dirname(file), spec)
      const to = layerOf(target)
      if (to && LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
        bad.push(`${relative(repoRoot, file)} (${from}) imports ${spec} (${to})`)
      }
    }
  }
  assert.deepEqual(bad, [])
})

test('portable layers use no node: built-ins and no server dependency', () => {
  const bad: string[] = []
  for (const file of files) {
    const layer = layerOf(file)
    if (!layer || !PORTABLE.has(layer)) continue
    for (const spec of imports(file)) {
      if (spec.startsWith('node:') || SERVER_DEPS.test(spec))
        bad.push(`${relative(repoRoot, file)} imports ${spec}`)
    }
  }
  assert.deepEqual(bad, [])
})

test('only node/http knows fastify, and storage knows no HTTP', () => {
  const bad: string[] = []
  for (const file of files) {
    const rel = relative(repoRoot, file)
    for (const spec of imports(file)) {
      if (/^(fastify|@fastify\/)/.test(spec) && !rel.startsWith('node/http/'))
        bad.push(`${rel} imports ${spec}`)
      if (rel.startsWith('node/storage/') && (/^(fastify|ws)$/.test(spec) || spec.includes('/http/'))) {
        bad.push(`${rel} imports ${spec}`)
      }
    }
  }
  assert.deepEqual(bad, [])
})

test('layers are found by their longest prefix, and an upward import is detected (the rule can fail)', () => {
  assert.equal(layerOf(join(repoRoot, 'peer/protocol/seal.ts')), 'peer/protocol')
  assert.equal(layerOf(join(repoRoot, 'peer/registry.ts')), 'peer')
  assert.equal(layerOf(join(repoRoot, 'sdk/contract/errors.js')), 'sdk/contract/errors.ts')
  const fake = join(repoRoot, 'sdk', 'x.ts')
  const target = resolve(dirname(fake), '../node/context.js')
  assert.ok(LAYERS.indexOf(layerOf(target) as 'node') > LAYERS.indexOf(layerOf(fake) as 'sdk'))
})
