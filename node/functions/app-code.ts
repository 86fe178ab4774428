import { AppError } from '../../sdk/contract/errors.js'
import type { DB } from '../core/db-open.js'
import { BodyStore } from '../hosting/body-store.js'
import { ReleaseStore } from '../hosting/release-store.js'
import type { AppCode } from './sandbox-code.js'

const CODE_FILE = /^api\/.*\.(js|mjs|cjs|json)$/

/** Reads the api/ code of releases from a connection (a worker's own), statements prepared once. */
export class CodeLoader {
  #releases: ReleaseStore
  #bodies: BodyStore
  #name

  constructor(db: DB) {
    this.#releases = new ReleaseStore(db)
    this.#bodies = new BodyStore(db, () => 0)
    this.#name = db.prepare('SELECT name FROM apps WHERE id = ?').pluck()
  }

  load(appId: string, release: number, maxBytes: number): AppCode {
    const name = this.#name.get(appId) as string | undefined
    if (name === undefined) throw new AppError('NOT_FOUND', 'the app was removed')
    const entries = this.#releases.manifest(appId, release).filter((f) => CODE_FILE.test(f.path))
    const total = entries.reduce((n, f) => n + f.size, 0)
    if (total > maxBytes) {
      throw new AppError('LIMIT_EXCEEDED', `the code in api/ is ${total} bytes; the limit is ${maxBytes}`, {
        hint: 'raise setting functions.code_bytes, or bundle fewer packages',
      })
    }
    const files = new Map<string, string>()
    for (const f of entries) {
      let text = this.#bodies.read(f.hash).toString('utf8')
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
      files.set(f.path, text)
    }
    return { appId, appName: name, release, files }
  }
}
