import { execFileSync, spawnSync } from 'node:child_process'

/** Two network namespaces joined by a veth pair: two hosts on one machine (docs/architecture.md#tests-and-benchmarks). */
export interface TwoHosts {
  names: [string, string]
  addrs: [string, string]
  teardown(): void
}

/** True when namespaces can be made here (root, iproute2). Under CI=true their absence is a failure. */
export function canMakeNetns(): boolean {
  if (process.getuid?.() !== 0) return false
  return spawnSync('ip', ['netns', 'list']).status === 0
}

export function twoHosts(tag: string): TwoHosts {
  const id = `${tag}${process.pid % 100000}`
  const names: [string, string] = [`${id}a`, `${id}b`]
  const addrs: [string, string] = ['10.200.0.1', '10.200.0.2']
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' })
  const teardown = () => {
    for (const n of names) spawnSync('ip', ['netns', 'del', n])
  }
  teardown()
  try {
    for (const n of names) ip('netns', 'add', n)
    ip('link', 'add', `${id}x`, 'type', 'veth', 'peer', 'name', `${id}y`)
    ip('link', 'set', `${id}x`, 'netns', names[0])
    ip('link', 'set', `${id}y`, 'netns', names[1])
    ip('-n', names[0], 'addr', 'add', `${addrs[0]}/24`, 'dev', `${id}x`)
    ip('-n', names[1], 'addr', 'add', `${addrs[1]}/24`, 'dev', `${id}y`)
    for (const [i, n] of names.entries()) {
      ip('-n', n, 'link', 'set', 'lo', 'up')
      ip('-n', n, 'link', 'set', i === 0 ? `${id}x` : `${id}y`, 'up')
      // A default route, as a real host has one: detection prefers its source address.
      ip('-n', n, 'route', 'add', 'default', 'dev', i === 0 ? `${id}x` : `${id}y`)
    }
  } catch (e) {
    teardown()
    throw e
  }
  return { names, addrs, teardown }
}
