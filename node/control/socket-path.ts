import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where a running node listens for local verb calls: `<data file>.sock`, beside the data file, so its
 * folder's and its own permissions (0600) decide who may talk to the node. A Unix socket path holds at
 * most 107 bytes; for a longer data path the socket lives in the temp folder under a name derived from
 * the data path (still mode 0600).
 */
export function controlSocketPath(dataPath: string): string {
  const beside = `${dataPath}.sock`
  if (Buffer.byteLength(beside) <= 107) return beside
  const digest = createHash('sha256').update(dataPath).digest('hex').slice(0, 24)
  return join(tmpdir(), `fazt-${digest}.sock`)
}

/** Longest request or response line on the control socket: a verb call with a 64 KiB message fits. */
export const MAX_CONTROL_LINE = 4 * 1024 * 1024
