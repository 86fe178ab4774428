import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { test } from 'node:test'
import { repoRoot } from './helpers/paths.js'

// docs/architecture.md: imports only go down. peer/protocol < sdk/contract < sdk < peer < node < cli.
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

// Inside node/: folders (wings) in order, bottom first. A file imports only its own folder or a lower
// one, so no circle can span folders. core and domain are the ground every wing stands on; the wings
// meet through core/seams.ts, and only the composition root (server.ts) and the verb handlers, which
// bind each verb to its wing, import more than one wing. functions is the one wing built on two: it
// runs the code of hosting's releases against storage.
const NODE_ORDER = [
  'core',
  'domain',
  'storage',
  'realtime',
  'sql',
  'hosting',
  'functions',
  'peering',
  'http',
  'control',
  'verbs',
  'server.ts',
] as const
const GROUND = new Set(['core', 'domain'])
const WINGS = new Set(['storage', 'realtime', 'sql', 'hosting', 'functions', 'peering'])
const MAY_JOIN_WINGS: Record<string, number> = {
  'server.ts': Infinity,
  verbs: Infinity,
  http: 2,
  functions: 2,
}

function nodeFolderOf(file: string): string | undefined {
  const rel = relative(join(repoRoot, 'node'), file)
  if (rel.startsWith('..')) return undefined
  const [first, ...rest] = rel.split('/')
  return rest.length === 0 ? (first as string).replace(/\.js$/, '.ts') : first
}

test('node/ has no loose files but the composition root, and every folder has a place in the order', () => {
  const folders = new Set(files.map(nodeFolderOf).filter((f): f is string => f !== undefined))
  assert.deepEqual(
    [...folders].filter((f) => !(NODE_ORDER as readonly string[]).includes(f)),
    [],
    'every node/ folder is listed in NODE_ORDER, and no file but server.ts lies loose in node/',
  )
})

test('inside node/, imports only go to the same or a lower folder, and wings join only at the top', () => {
  const bad: string[] = []
  const joined = new Map<string, Set<string>>()
  for (const file of files) {
    const from = nodeFolderOf(file)
    if (!from) continue
    for (const spec of imports(file)) {
      if (!spec.startsWith('.')) continue
      const to = nodeFolderOf(resolve(dirname(file), spec))
      if (!to || to === from) continue
      const rank = (f: string) => (NODE_ORDER as readonly string[]).indexOf(f)
      if (rank(to) > rank(from))
        bad.push(`${relative(repoRoot, file)} (${from}) imports ${spec} (${to}, above it)`)
      if (WINGS.has(to) && !GROUND.has(to)) {
        const set = joined.get(from) ?? new Set<string>()
        set.add(to)
        joined.set(from, set)
      }
    }
  }
  for (const [from, wings] of joined) {
    if (wings.size > (MAY_JOIN_WINGS[from] ?? 1))
      bad.push(`${from} imports ${wings.size} wings (${[...wings].sort().join(', ')})`)
  }
  assert.deepEqual(bad, [])
})
