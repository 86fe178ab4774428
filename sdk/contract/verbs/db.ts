// `fazt db …`: the data file itself (docs/running.md).
import { Type } from '@sinclair/typebox'
import { LocalPath, Params, Result } from '../schemas.js'
import { defineVerb } from '../verb.js'

export const dbBackup = defineVerb({
  name: 'db.backup',
  summary: 'Write a consistent online copy of the data file',
  scope: 'system',
  remote: false,
  localHint:
    "a backup is written to a local file: run it on the node's machine, or use `fazt @peer sql` to read data",
  stream: true,
  params: Params({ file: LocalPath('where to write the copy') }),
  result: Result({
    file: Type.String(),
    bytes: Type.Integer({ minimum: 0 }),
    pages: Type.Integer({ minimum: 0 }),
    integrity: Type.Literal('ok'),
  }),
  cli: { args: ['file'], output: 'record' },
})
