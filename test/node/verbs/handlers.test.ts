import assert from 'node:assert/strict'
import { test } from 'node:test'
import { handledVerbs, handlerFor } from '../../../node/verbs/handlers.js'
import { catalogue } from '../../../sdk/contract/catalogue.js'

test('every verb a node runs has a handler, every handler a verb, and client verbs have none', async () => {
  for (const v of catalogue) {
    const h = await handlerFor(v.name)
    if (v.runs === 'client') assert.equal(h, undefined, `${v.name} runs in the client`)
    else assert.equal(typeof h, 'function', v.name)
  }
  const names = new Set(catalogue.map((v) => v.name))
  for (const n of handledVerbs()) assert.ok(names.has(n), `${n} has a handler but no contract`)
  assert.equal(await handlerFor('no.such.verb'), undefined)
  assert.equal(await handlerFor('toString'), undefined)
})

test('verb names are unique and every CLI command path is distinct', () => {
  const names = catalogue.map((v) => v.name)
  assert.equal(new Set(names).size, names.length)
  const words = catalogue.map((v) => (v.cli?.words ?? v.name.split('.')).join(' '))
  assert.equal(new Set(words).size, words.length)
})
