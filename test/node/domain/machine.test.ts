import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Interfaces } from '../../../node/domain/detect.js'
import type { MachineIdDeps } from '../../../node/domain/machine.js'
import { machineId, readMachineId } from '../../../node/domain/machine.js'

const ID = '3d1219c7c4c5404aaa1f6d2a48adfda4'
const nics: Interfaces = {
  lo: [{ address: '127.0.0.1', internal: true, mac: '00:00:00:00:00:00' }],
  eth0: [{ address: '192.168.1.5', internal: false, mac: '52:54:00:AA:BB:01' }],
  wlan0: [{ address: '192.168.2.5', internal: false, mac: '52:54:00:aa:bb:02' }],
}
const deps = (files: Record<string, string>, host = 'box', ifs: Interfaces = nics): MachineIdDeps => ({
  readFile: (p) => files[p],
  hostname: () => host,
  networkInterfaces: () => ifs,
})

test('machine id comes from /etc/machine-id, trimmed', () => {
  assert.deepEqual(
    readMachineId(deps({ '/etc/machine-id': `${ID}\n`, '/var/lib/dbus/machine-id': 'other' })),
    {
      id: ID,
      source: '/etc/machine-id',
    },
  )
  assert.equal(machineId(deps({ '/etc/machine-id': `  ${ID.toUpperCase()}  \n` })), ID)
})

test('falls back to the dbus machine id when /etc/machine-id is missing, empty or uninitialized', () => {
  for (const etc of [undefined, '', '\n', 'uninitialized\n']) {
    const files: Record<string, string> = { '/var/lib/dbus/machine-id': `${ID}\n` }
    if (etc !== undefined) files['/etc/machine-id'] = etc
    assert.deepEqual(
      readMachineId(deps(files)),
      { id: ID, source: '/var/lib/dbus/machine-id' },
      JSON.stringify(etc),
    )
  }
})

test('without either file, a stable hash of hostname and real MACs', () => {
  const a = readMachineId(deps({}))
  assert.equal(a.source, 'hostname+mac')
  assert.match(a.id, /^[0-9a-f]{32}$/)
  const reordered: Interfaces = { wlan0: nics.wlan0, eth0: nics.eth0, lo: nics.lo }
  assert.equal(readMachineId(deps({}, 'box', reordered)).id, a.id, 'interface order does not matter')
  const withDocker: Interfaces = {
    ...nics,
    docker0: [{ address: '172.17.0.1', mac: '02:42:ac:11:00:01' }],
    veth9: [{ address: '172.17.0.2', mac: '0a:0b:0c:0d:0e:0f' }],
  }
  assert.equal(readMachineId(deps({}, 'box', withDocker)).id, a.id, 'container interfaces do not matter')
  assert.notEqual(readMachineId(deps({}, 'other-box')).id, a.id, 'another hostname is another machine')
  assert.notEqual(
    readMachineId(deps({}, 'box', { eth0: nics.eth0 })).id,
    a.id,
    'other hardware is another machine',
  )
})

test('the real machine yields an id without throwing', () => {
  assert.ok(machineId().length > 0)
})
