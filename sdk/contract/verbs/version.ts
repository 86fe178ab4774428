// `fazt version`.
import { Type } from '@sinclair/typebox'
import { NoParams, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

export const version = defineVerb({
  name: 'version',
  summary: 'Print the fazt version',
  scope: 'read',
  remote: true,
  params: NoParams,
  result: Result({ version: Type.String(), protocol: Type.Integer(), node: Type.String() }),
  cli: { output: 'record' },
})
