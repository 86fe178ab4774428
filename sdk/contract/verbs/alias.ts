// `fazt alias list`: every subdomain alias and what it serves (docs/hosting.md). Aliases are changed
// with the `app link|unlink|reserve|redirect|swap|split` verbs (verbs/app.ts).
import { Type } from '@sinclair/typebox'
import { Literals, Millis, NoParams, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

export const aliasList = defineVerb({
  name: 'alias.list',
  summary: 'List subdomain aliases and what they serve',
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Type.Array(
    Result({
      sub: Type.String(),
      type: Literals(['app', 'redirect', 'reserved', 'split']),
      target: Type.String(),
      apps: Type.Array(Type.String()),
      updated_at: Millis,
    }),
  ),
  cli: { output: 'list', columns: ['sub', 'type', 'target'] },
})
