import type {
  aliasList,
  appLink,
  appRedirect,
  appReserve,
  appSplit,
  appSwap,
  appUnlink,
} from '../../sdk/contract/verbs/alias.js'
import { link, redirect, reserve, split, swap, unlink } from '../hosting/alias-ops.js'
import { listAliases } from '../hosting/queries.js'
import type { Handler } from './types.js'

export const appLinkHandler: Handler<typeof appLink> = ({ node }, p) => link(node, p.sub, p.app)
export const appUnlinkHandler: Handler<typeof appUnlink> = ({ node }, p) => unlink(node, p.sub)
export const appReserveHandler: Handler<typeof appReserve> = ({ node }, p) => reserve(node, p.sub)
export const appRedirectHandler: Handler<typeof appRedirect> = ({ node }, p) => redirect(node, p.sub, p.url)
export const appSwapHandler: Handler<typeof appSwap> = ({ node }, p) => swap(node, p.sub1, p.sub2)
export const appSplitHandler: Handler<typeof appSplit> = ({ node }, p) => split(node, p.sub, p.targets)
export const aliasListHandler: Handler<typeof aliasList> = ({ node }) => listAliases(node)
