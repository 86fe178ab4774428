import assert from 'node:assert/strict'
import { test } from 'node:test'
import { createNodeCrypto } from '../../peer/crypto-node.js'
import { encodeKey } from '../../peer/protocol/identity.js'
import { sealRequest } from '../../peer/protocol/seal.js'
import { readStream } from '../../peer/stream-in.js'
import { streamBody } from '../../peer/stream-out.js'

const crypto = createNodeCrypto()
const key = crypto.signerFromSeed(new Uint8Array(32).fill(1))
const other = crypto.signerFromSeed(new Uint8Array(32).fill(2))
const keys = [encodeKey(key.publicKey)]
const requestSignature = 'fazt=:AAAA:'

async function* frames(list: unknown[], delayMs = 0) {
  for (const f of list) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs))
    yield f
  }
}

async function collect(gen: AsyncIterable<Uint8Array>): Promise<string[]> {
  let text = ''
  for await (const c of gen) text += Buffer.from(c).toString()
  return text.trimEnd().split('\n')
}

function toStream(lines: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const l of lines) c.enqueue(new TextEncoder().encode(`${l}\n`))
      c.close()
    },
  })
}

const seal = () =>
  sealRequest({
    body: new Uint8Array(1),
    contentType: 'application/json',
    recipientBoxKey: crypto.boxKeyPair().publicKey,
    crypto,
  }).context

test('a streamed answer round-trips: frames in order, heartbeats hidden, the result returned', async () => {
  const ctx = seal()
  const lines = await collect(
    streamBody(
      frames(
        [
          { type: 'data', data: 1 },
          { type: 'data', data: 2 },
          { type: 'result', data: 'done' },
        ],
        30,
      ),
      {
        requestSignature,
        key: () => key,
        seal: ctx,
        heartbeatMs: 10,
      },
    ),
  )
  assert.ok(lines.length > 3, 'heartbeats were sent while the verb was quiet')
  const got: unknown[] = []
  const result = await readStream(toStream(lines), {
    peer: 'p',
    requestSignature,
    keys,
    crypto,
    seal: ctx,
    onFrame: (f) => got.push(f.data),
  })
  assert.equal(result, 'done')
  assert.deepEqual(got, [1, 2])
})

test('a cut, reordered, spliced or forged stream is refused', async () => {
  const lines = await collect(
    streamBody(
      frames([
        { type: 'data', data: 1 },
        { type: 'data', data: 2 },
        { type: 'result', data: 'ok' },
      ]),
      { requestSignature, key: () => key, seal: undefined },
    ),
  )
  const opts = { peer: 'p', requestSignature, keys, crypto, seal: undefined }
  await assert.rejects(readStream(toStream(lines.slice(0, 2)), opts), /ended before its result/)
  await assert.rejects(
    readStream(toStream([lines[1] as string, lines[0] as string, lines[2] as string]), opts),
    /arrived where 0 was due/,
  )
  await assert.rejects(
    readStream(toStream(lines), { ...opts, requestSignature: 'fazt=:BBBB:' }),
    /does not verify/,
  )
  const forged = (
    await collect(
      streamBody(frames([{ type: 'result', data: 'evil' }]), {
        requestSignature,
        key: () => other,
        seal: undefined,
      }),
    )
  )[0] as string
  await assert.rejects(readStream(toStream([forged]), opts), /not pinned/)
  const tampered = JSON.parse(lines[2] as string) as { body: string }
  tampered.body = Buffer.from('{"type":"result","data":"evil"}').toString('base64')
  await assert.rejects(
    readStream(toStream([lines[0] as string, lines[1] as string, JSON.stringify(tampered)]), opts),
    /does not verify/,
  )
})

test('an error inside the verb arrives as a signed error frame', async () => {
  async function* failing() {
    yield { type: 'data', data: 1 }
    throw new Error('boom')
  }
  const lines = await collect(streamBody(failing(), { requestSignature, key: () => key, seal: undefined }))
  await assert.rejects(
    readStream(toStream(lines), { peer: 'p', requestSignature, keys, crypto, seal: undefined }),
    (e: { code: string }) => e.code === 'INTERNAL',
  )
})

test('the producer is stopped when the caller goes away', async () => {
  let stopped = false
  async function* endless() {
    try {
      for (let i = 0; ; i++) {
        await new Promise((r) => setTimeout(r, 5))
        yield { type: 'data', data: i }
      }
    } finally {
      stopped = true
    }
  }
  const gen = streamBody(endless(), { requestSignature, key: () => key, seal: undefined })
  await gen.next()
  await gen.return(undefined)
  assert.equal(stopped, true)
})
