import { createHash } from 'node:crypto'
import { hostname, networkInterfaces } from 'node:os'
import type { Interfaces } from './detect.js'
import { isSkippedInterface, readFileOrUndefined } from './detect.js'

// docs/moving.md#where-a-node-runs: "where it runs now" — a stable id of this machine, compared with the one recorded in the
// database to tell a moved or copied data file from one that stayed put.

export type MachineIdSource = '/etc/machine-id' | '/var/lib/dbus/machine-id' | 'hostname+mac'

export interface MachineId {
  id: string
  source: MachineIdSource
}

export interface MachineIdDeps {
  readFile: (path: string) => string | undefined
  hostname: () => string
  networkInterfaces: () => Interfaces
}

export const systemMachineIdDeps: MachineIdDeps = {
  readFile: readFileOrUndefined,
  hostname,
  networkInterfaces,
}

const FILES = ['/etc/machine-id', '/var/lib/dbus/machine-id'] as const

export function readMachineId(deps: MachineIdDeps = systemMachineIdDeps): MachineId {
  for (const path of FILES) {
    const id = deps.readFile(path)?.trim().toLowerCase()
    // systemd writes "uninitialized" during first boot, before the real id exists; it names no machine.
    if (id !== undefined && id !== '' && id !== 'uninitialized') return { id, source: path }
  }
  return { id: fallbackId(deps), source: 'hostname+mac' }
}

/** The machine id alone, for comparing with the recorded one. */
export function machineId(deps: MachineIdDeps = systemMachineIdDeps): string {
  return readMachineId(deps).id
}

/**
 * No machine-id file (macOS, minimal containers): hash the hostname with the hardware addresses of the
 * real interfaces. veth, docker and tunnel MACs are skipped because they are regenerated on restart,
 * and would make the same machine look new. Sorted so interface order does not matter. 32 hex digits,
 * the shape of /etc/machine-id.
 */
function fallbackId(deps: MachineIdDeps): string {
  const macs = new Set<string>()
  for (const [iface, addrs] of Object.entries(deps.networkInterfaces())) {
    if (isSkippedInterface(iface)) continue
    for (const a of addrs ?? []) {
      const mac = a.mac?.toLowerCase()
      if (!a.internal && mac !== undefined && mac !== '00:00:00:00:00:00') macs.add(mac)
    }
  }
  const text = [deps.hostname(), ...[...macs].sort()].join('\n')
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}
