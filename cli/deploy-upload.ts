import { open } from 'node:fs/promises'
import { CHUNK, MAX_UPLOAD_CALL } from '../node/hosting/limits.js'
import type { UploadPart } from '../sdk/contract/verbs/app-files.js'
import type { Transport } from '../sdk/transport.js'
import type { LocalFile } from './deploy-walk.js'

const MAX_PARTS = 4096

/**
 * Sends the bodies the node lacks, content-addressed: small files batched up to 8 MiB per call, large
 * files in 8 MiB parts at chunk-aligned offsets (the node verifies the whole hash on the last part).
 */
export async function uploadMissing(
  transport: Transport,
  files: LocalFile[],
  missing: string[],
  onBytes: (n: number) => void,
): Promise<{ files: number; bytes: number }> {
  const byHash = new Map(files.map((f) => [f.hash, f]))
  const todo = missing.map((h) => byHash.get(h)).filter((f): f is LocalFile => f !== undefined)
  let batch: UploadPart[] = []
  let batchBytes = 0
  let bytes = 0
  const flush = async () => {
    if (batch.length === 0) return
    await transport.call('app.files.upload', { parts: batch })
    onBytes(batchBytes)
    bytes += batchBytes
    batch = []
    batchBytes = 0
  }
  for (const f of todo) {
    const fh = await open(f.abs, 'r')
    try {
      for (let offset = 0; offset < f.size || (offset === 0 && f.size === 0); ) {
        const room = MAX_UPLOAD_CALL - batchBytes
        // Parts end on a chunk boundary unless they end the file.
        const len = Math.min(f.size - offset, room - (room % CHUNK))
        if (len <= 0 && f.size > 0) {
          await flush()
          continue
        }
        const buf = Buffer.alloc(len)
        const { bytesRead } = await fh.read(buf, 0, len, offset)
        batch.push({
          hash: f.hash,
          size: f.size,
          offset,
          data: buf.subarray(0, bytesRead).toString('base64'),
        })
        batchBytes += bytesRead
        offset += len
        if (batchBytes >= MAX_UPLOAD_CALL || batch.length >= MAX_PARTS) await flush()
        if (f.size === 0) break
      }
    } finally {
      await fh.close()
    }
  }
  await flush()
  return { files: todo.length, bytes }
}
