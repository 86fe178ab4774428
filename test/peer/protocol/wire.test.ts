import assert from 'node:assert/strict'
import { test } from 'node:test'
import { checkProtocolVersion, unknownVerb } from '../../../peer/protocol/version.js'
import {
  asEnvelope,
  PROTOCOL_ERROR_EXIT,
  PROTOCOL_ERROR_STATUS,
  SIG_ERROR,
} from '../../../peer/protocol/wire.js'
import { throwsCode } from './fixtures.js'

test('Fazt-Protocol 1 is accepted; missing, older, newer or junk versions are VERSION_SKEW', () => {
  assert.equal(checkProtocolVersion({ 'fazt-protocol': '1' }), 1)
  assert.equal(checkProtocolVersion(new Headers({ 'Fazt-Protocol': ' 1 ' })), 1)
  const missing = throwsCode(() => checkProtocolVersion({}), 'VERSION_SKEW')
  assert.deepEqual(missing.details, { supported: [1] })
  assert.match(
    throwsCode(() => checkProtocolVersion({ 'fazt-protocol': '2' }), 'VERSION_SKEW').hint ?? '',
    /this node/,
  )
  for (const v of ['0', '01', '1.0', 'x', '1, 2', '9'.repeat(50)]) {
    throwsCode(() => checkProtocolVersion({ 'fazt-protocol': v }), 'VERSION_SKEW')
  }
})

test('an unknown verb error tells the caller to upgrade the peer', () => {
  const e = unknownVerb('app.teleport')
  assert.equal(e.code, 'UNKNOWN_VERB')
  assert.match(e.hint ?? '', /upgrade/)
})

test('envelopes are recognised and anything else is not an envelope', () => {
  assert.deepEqual(asEnvelope({ ok: true, data: [1] }), { ok: true, data: [1] })
  assert.deepEqual(
    asEnvelope({ ok: false, error: { code: 'X', message: 'm', hint: 'h', cause: 'secret' } }),
    {
      ok: false,
      error: { code: 'X', message: 'm', hint: 'h' },
    },
  )
  for (const junk of [
    null,
    [],
    { ok: true },
    { ok: false },
    { ok: false, error: { code: 1, message: 'm' } },
    'ok',
  ]) {
    assert.equal(asEnvelope(junk), undefined)
  }
})

test('every signature rejection code has a status and a CLI exit code', () => {
  for (const code of Object.keys(SIG_ERROR)) {
    assert.ok(code in PROTOCOL_ERROR_STATUS, code)
    assert.ok(code in PROTOCOL_ERROR_EXIT, code)
  }
  assert.deepEqual(Object.keys(PROTOCOL_ERROR_EXIT).sort(), Object.keys(PROTOCOL_ERROR_STATUS).sort())
})
