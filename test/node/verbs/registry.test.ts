import assert from 'node:assert/strict'
import { test } from 'node:test'
import { handledVerbs, handlerFor } from '../../../node/verbs/registry.js'
import { catalogue } from '../../../sdk/contract/catalogue.js'

test('every verb of the catalogue has a handler, and every handler a verb', async () => {
  for (const v of catalogue) assert.equal(typeof (await handlerFor(v.name)), 'function', v.name)
  const names = new Set(catalogue.map((v) => v.name))
  for (const n of handledVerbs()) assert.ok(names.has(n), `${n} has a handler but no contract`)
  assert.equal(await handlerFor('no.such.verb'), undefined)
})

test('verb names are unique and every CLI command path is distinct', () => {
  const names = catalogue.map((v) => v.name)
  assert.equal(new Set(names).size, names.length)
  const words = catalogue.map((v) => (v.cli?.words ?? v.name.split('.')).join(' '))
  assert.equal(new Set(words).size, words.length)
})
