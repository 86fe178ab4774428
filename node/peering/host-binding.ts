import { forkIdentity } from '../../peer/identity.js'
import type { NodeContext } from '../core/context.js'
import { machineId } from '../domain/machine.js'
import { identity, nodeCrypto } from './identity.js'

/** Where a data file runs: this machine and the file's absolute path (docs/moving.md#where-a-node-runs). */
export interface Host {
  machine: string
  path: string
}

export type Binding = { status: 'first' } | { status: 'same' } | { status: 'moved'; from: Host }

export function here(node: NodeContext): Host {
  return { machine: machineId(), path: node.dataPath }
}

export function checkBinding(node: NodeContext, now: Host): Binding {
  const machine = node.settings.get('host.machine')
  const path = node.settings.get('host.path')
  if (machine === undefined || path === undefined) return { status: 'first' }
  if (machine === now.machine && path === now.path) return { status: 'same' }
  return { status: 'moved', from: { machine, path } }
}

export function bindHere(node: NodeContext, now: Host): void {
  node.settings.set('host.machine', now.machine)
  node.settings.set('host.path', now.path)
}

/** At start: a data file that ran elsewhere forks a new identity (docs/moving.md#a-copy). Returns what to say. */
export function settleHostBinding(node: NodeContext): string | undefined {
  const now = here(node)
  const binding = checkBinding(node, now)
  if (binding.status === 'moved') {
    const old = identity(node).nodeId
    const seq = forkIdentity(node.db, nodeCrypto(node), node.clock.now())
    node.settings.set('host.forked_from', String(seq))
    node.settings.set('host.forked_path', binding.from.path)
    node.watch.bump()
    bindHere(node, now)
    const where =
      binding.from.machine === now.machine ? binding.from.path : `${binding.from.path} on another machine`
    return `this data file last ran at ${where}: it is a copy, so it is a new node ${identity(node).nodeId} (was ${old}); for a real move keep the old id with \`fazt node adopt\``
  }
  if (binding.status === 'first') bindHere(node, now)
  return undefined
}
