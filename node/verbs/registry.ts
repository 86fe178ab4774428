// The behaviour of every verb in sdk/contract/catalogue.ts, by name.
import { dbBackupHandler, serverInfoHandler, serverStartHandler, versionHandler } from './system.js'
import type { AnyHandler } from './types.js'

export const handlers: Record<string, AnyHandler> = {
  version: versionHandler,
  'server.start': serverStartHandler,
  'server.info': serverInfoHandler,
  'db.backup': dbBackupHandler,
}
