import { PROTOCOL_VERSION } from '../../sdk/contract/catalogue.js'
import type * as V from '../../sdk/contract/verbs/version.js'
import { VERSION } from '../core/version.js'
import type { Handler } from './types.js'

export const version: Handler<typeof V.version> = () => ({
  version: VERSION,
  protocol: PROTOCOL_VERSION,
  node: process.version,
})
