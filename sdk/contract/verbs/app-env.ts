// `fazt app env …`: an app's environment variables, read by its functions with fazt.env.get
// (docs/functions.md). Values are secrets: no verb ever returns one.
import { type Static, Type } from '@sinclair/typebox'
import { AppRef, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

const Key = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
  description: 'variable name (letters, digits, _)',
})

/** A variable as verbs show it: its name and size, never its value. */
export const EnvEntry = Result({ key: Type.String(), bytes: Type.Integer(), updated_at: Type.String() })
export type EnvEntry = Static<typeof EnvEntry>

export const appEnvSet = defineVerb({
  name: 'app.env.set',
  summary: "Set an environment variable of an app's functions (read with fazt.env.get)",
  scope: 'deploy',
  remote: true,
  params: Params({
    app: AppRef,
    key: Key,
    value: Type.String({ maxLength: 32 * 1024, description: 'the value (at most 32 KiB)' }),
  }),
  result: Result({ app: Type.String(), key: Type.String(), bytes: Type.Integer() }),
  cli: { args: ['app', 'key', 'value'], output: 'record' },
})

export const appEnvList = defineVerb({
  name: 'app.env.list',
  summary: "List an app's environment variables (names and sizes: values are secrets and never printed)",
  scope: 'read',
  remote: true,
  params: Params({ app: AppRef }),
  result: Type.Array(EnvEntry),
  cli: { args: ['app'], output: 'list', columns: ['key', 'bytes', 'updated_at'] },
})

export const appEnvUnset = defineVerb({
  name: 'app.env.unset',
  summary: 'Remove an environment variable of an app',
  scope: 'deploy',
  remote: true,
  params: Params({ app: AppRef, key: Key }),
  result: Result({ app: Type.String(), key: Type.String(), removed: Type.Boolean() }),
  cli: { args: ['app', 'key'], output: 'record' },
})
