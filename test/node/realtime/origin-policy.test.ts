import assert from 'node:assert/strict'
import { test } from 'node:test'
import { originAllowed } from '../../../node/realtime/origin.js'
import { compilePatterns } from '../../../node/realtime/policy.js'

test('origin policy: none, same host, the node and its subdomains pass; other sites do not', () => {
  const rows: [origin: string | undefined, host: string, ok: boolean][] = [
    [undefined, 'chat.zyt.app', true],
    ['https://chat.zyt.app', 'chat.zyt.app', true],
    ['http://chat.zyt.app:8080', 'chat.zyt.app:8080', true],
    ['https://zyt.app', 'chat.zyt.app', true],
    ['https://blog.zyt.app', 'chat.zyt.app', true],
    ['https://ZYT.APP', 'chat.zyt.app', true],
    ['https://evil.example', 'chat.zyt.app', false],
    ['https://zyt.app.evil.example', 'chat.zyt.app', false],
    ['https://evilzyt.app', 'chat.zyt.app', false],
    ['null', 'chat.zyt.app', false],
    ['file://', 'chat.zyt.app', false],
    ['chrome-extension://abc', 'chat.zyt.app', false],
    ['not a url', 'chat.zyt.app', false],
    ['http://localhost:3000', 'chat.localhost:8080', true],
    ['http://app.localhost:3000', 'chat.localhost:8080', true],
    ['http://localhost:3000', 'chat.zyt.app', false],
    ['http://127.0.0.1:8080', '127.0.0.1:8080', true],
  ]
  for (const [origin, host, ok] of rows)
    assert.equal(originAllowed(origin, host, 'zyt.app'), ok, `${origin} -> ${host}`)
})

test('publish patterns: * matches any run of characters, everything else is literal', () => {
  const m = compilePatterns(['chat:*', 'room.1', '*:public', 'a*b*c'])
  const rows: [string, boolean][] = [
    ['chat:1', true],
    ['chat:', true],
    ['chat:a:b', true],
    ['chat', false],
    ['xchat:1', false],
    ['room.1', true],
    ['roomx1', false],
    ['news:public', true],
    [':public', true],
    ['abc', true],
    ['a-b-c', true],
    ['a-b-', false],
  ]
  for (const [channel, ok] of rows) assert.equal(m(channel), ok, channel)
  assert.equal(compilePatterns([])('anything'), false)
  assert.equal(compilePatterns(['(.*)'])('x'), false, 'regex syntax is literal')
})
