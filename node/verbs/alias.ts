import type * as V from '../../sdk/contract/verbs/alias.js'
import { listAliases } from '../hosting/queries.js'
import type { Handler } from './types.js'

export const aliasList: Handler<typeof V.aliasList> = ({ node }) => listAliases(node)
