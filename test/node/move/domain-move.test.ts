import assert from 'node:assert/strict'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { canMakeNetns, type TwoHosts, twoHosts } from '../../helpers/netns.js'
import { startNode } from '../../helpers/node.js'
import { tempDir } from '../../helpers/paths.js'

// docs/domains.md and docs/moving.md on real separate hosts: two network namespaces at 10.200.0.1 and 10.200.0.2.
// Root and iproute2 are required (CI installs iproute2 and runs as root): without them this suite fails.
let hosts: TwoHosts

before(() => {
  if (!canMakeNetns()) throw new Error('these tests need root and iproute2 (ip netns) to make two hosts')
  hosts = twoHosts('fzm')
})
after(() => hosts?.teardown())

interface Runtime {
  domain: string
  domain_source: string
}

async function runAt(ns: 0 | 1, dataPath: string, args: string[] = []) {
  const node = await startNode({ dataPath, host: hosts.addrs[ns], netns: hosts.names[ns], args })
  const info = (await import('node:fs')).readFileSync(`${dataPath}.runtime.json`, 'utf8')
  const rt = JSON.parse(info) as Runtime
  const out = node.output()
  await node.stop()
  return { ...rt, out, nodeId: /^node id +(\S+)/m.exec(out)?.[1] }
}

function copy(from: string, dir: string): string {
  mkdirSync(dir, { recursive: true })
  const to = join(dir, 'data.db')
  copyFileSync(from, to)
  return to
}

test('a node with no domain serves its address, follows a move, and moving back restores it', async () => {
  const home = tempDir()
  const first = join(home, 'one', 'data.db')
  mkdirSync(join(home, 'one'))
  const a = await runAt(0, first)
  assert.equal(a.domain, '10.200.0.1.nip.io')
  assert.equal(a.domain_source, 'detected')

  const second = copy(first, join(home, 'two'))
  const b = await runAt(1, second)
  assert.equal(b.domain, '10.200.0.2.nip.io')
  assert.equal(b.domain_source, 'detected')
  assert.match(b.out, /^moved +stored domain 10\.200\.0\.1\.nip\.io is not on this machine/m)
  assert.match(b.out, /^copied +this data file last ran at .*one\/data\.db: it is a copy/m)
  assert.notEqual(b.nodeId, a.nodeId, 'a copy is a new node by default')

  copyFileSync(second, first)
  const back = await runAt(0, first)
  assert.equal(back.domain, '10.200.0.1.nip.io')
  assert.equal(back.domain_source, 'stored')
})

test('a real domain is never rewritten by a move', async () => {
  const home = tempDir()
  const first = join(home, 'data.db')
  const a = await runAt(0, first, ['--domain', 'zyt.app'])
  assert.equal(a.domain, 'zyt.app')
  assert.equal(a.domain_source, 'flag')
  const b = await runAt(1, copy(first, join(home, 'moved')))
  assert.equal(b.domain, 'zyt.app')
  assert.equal(b.domain_source, 'stored')
})

test('a hex nip.io domain keeps its form across a move', async () => {
  const home = tempDir()
  const first = join(home, 'data.db')
  const a = await runAt(0, first, ['--domain', 'app.0ac80001.nip.io'])
  assert.equal(a.domain, 'app.0ac80001.nip.io')
  const b = await runAt(1, copy(first, join(home, 'moved')))
  assert.equal(b.domain, 'app.0ac80002.nip.io')
})
