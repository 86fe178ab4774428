import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { open, rename } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { unsafePath } from '../node/hosting/paths.js'
import { AppError } from '../sdk/contract/errors.js'
import type { ReleaseFile } from '../sdk/contract/verbs/app-files.js'
import type { Transport } from '../sdk/transport.js'
import type { Globals } from './argv.js'
import { byteProgress } from './deploy-progress.js'

const PART = 8 * 1024 * 1024

/** `fazt [@peer] app pull APP [--to DIR]`: the release's files, each verified against its hash. */
export async function pull(transport: Transport, p: { app: string; to?: string }, globals: Globals) {
  const info = (await transport.call('app.info', { app: p.app })) as { name: string; release: string | null }
  if (!info.release) throw new AppError('NOT_FOUND', `${info.name} has no release to pull`)
  // Pinned to one release, so a deploy during the pull cannot mix two releases on disk.
  const files = (await transport.call('app.files.list', {
    app: info.name,
    release: info.release,
  })) as ReleaseFile[]
  const dir = resolve(p.to ?? info.name)
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new AppError('CONFLICT', `${dir} exists and is not empty`, {
      hint: 'pull into a new folder with --to DIR',
    })
  }
  const total = files.reduce((n, f) => n + f.size, 0)
  const bar = await byteProgress(globals, total, 'pulling')
  try {
    for (const f of files) {
      // The node is not trusted with the local disk: every path is checked before it is written.
      const why = unsafePath(f.path)
      if (why)
        throw new AppError('UNSAFE_PATH', `the node sent an unsafe path ${JSON.stringify(f.path)}: it ${why}`)
      const target = join(dir, f.path)
      mkdirSync(dirname(target), { recursive: true })
      const tmp = `${target}.fazt-partial`
      const fh = await open(tmp, 'w')
      const sha = createHash('sha256')
      try {
        for (let offset = 0; offset < f.size || offset === 0; ) {
          const part = (await transport.call('app.files.read', {
            app: info.name,
            hash: f.hash,
            offset,
            length: PART,
          })) as { data: string }
          const buf = Buffer.from(part.data, 'base64')
          sha.update(buf)
          await fh.write(buf)
          bar.add(buf.length)
          offset += buf.length
          if (buf.length === 0) break
        }
      } finally {
        await fh.close()
      }
      if (sha.digest('hex') !== f.hash)
        throw new AppError('HASH_MISMATCH', `${f.path} did not match its hash`)
      await rename(tmp, target)
    }
  } finally {
    bar.stop()
  }
  return { app: info.name, release: info.release, dir, files: files.length, bytes: total }
}
