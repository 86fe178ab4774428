import { resolveDataPath } from '../node/db/path.js'
import { localTransport } from '../node/local-transport.js'
import { AppError } from '../sdk/contract/errors.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'

/** Local verbs run in this process on the data file; `@peer` verbs go over the signed protocol. */
export async function openTransport(globals: Globals): Promise<Transport> {
  const { path } = resolveDataPath(globals.db)
  if (globals.peer) {
    throw new AppError('PEER_NOT_FOUND', `no peer named "${globals.peer}"`, {
      hint: 'pair one first: on the other node run `fazt peer invite`, then here `fazt peer add NAME CODE`',
    })
  }
  return localTransport(path)
}
