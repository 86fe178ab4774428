import { createHash } from 'node:crypto'
import { AppError } from '../../sdk/contract/errors.js'
import { STORAGE_FORMAT } from '../../sdk/contract/verbs/storage.js'
import { checkMime } from './blob-store.js'
import { RESERVED } from './doc-path.js'
import { isPlainObject } from './doc-query.js'
import { checkDepth, checkName, describe, invalid, type StorageLimits, toJson, tooBig } from './limits.js'

export interface CheckedImport {
  kv: { key: string; json: string; expiresAt: number | null; createdAt: number; updatedAt: number }[]
  docs: { collection: string; id: string; json: string; createdAt: number; updatedAt: number }[]
  blobs: {
    path: string
    mime: string
    size: number
    hash: string
    createdAt: number
    updatedAt: number
    bytes: Buffer
  }[]
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Checks a whole export file against the format and the store's limits before anything is written.
 * Errors say where: `docs[3].id: ...`.
 */
export function checkImport(input: unknown, limits: StorageLimits): CheckedImport {
  if (!isPlainObject(input)) throw invalid(`an import must be a JSON object, not ${describe(input)}`)
  if (input.format !== STORAGE_FORMAT) {
    throw invalid(
      `not a storage export (format ${JSON.stringify(input.format)?.slice(0, 40)})`,
      `expected "${STORAGE_FORMAT}"`,
    )
  }
  const out: CheckedImport = { kv: [], docs: [], blobs: [] }
  const seen = new Set<string>()
  const once = (where: string, key: string) => {
    if (seen.has(key)) throw invalid(`${where}: appears twice in the file`)
    seen.add(key)
  }
  each(input, 'kv', (e, where) => {
    const key = checkName('key', e.key, limits.maxKeyBytes)
    once(where, `kv\u0000${key}`)
    if (e.value === undefined) throw invalid('value is missing')
    const expiresAt =
      e.expiresAt === null || e.expiresAt === undefined ? null : time('expiresAt', e.expiresAt)
    out.kv.push({ key, json: toJson('value', e.value, limits.maxValueBytes), expiresAt, ...stamps(e) })
  })
  each(input, 'docs', (e, where) => {
    const collection = checkName('collection', e.collection, limits.maxKeyBytes)
    const id = checkName('document id', e.id, limits.maxKeyBytes)
    once(where, `doc\u0000${collection}\u0000${id}`)
    if (!isPlainObject(e.data)) throw invalid(`data must be an object, not ${describe(e.data)}`)
    for (const r of RESERVED) if (Object.hasOwn(e.data, r)) throw invalid(`data must not hold ${r}`)
    checkDepth(e.data, limits.maxDocDepth)
    out.docs.push({ collection, id, json: toJson('document', e.data, limits.maxValueBytes), ...stamps(e) })
  })
  each(input, 'blobs', (e, where) => {
    const path = checkName('blob path', e.path, limits.maxKeyBytes)
    once(where, `blob\u0000${path}`)
    const mime = checkMime(e.mime)
    if (typeof e.data !== 'string' || e.data.length % 4 !== 0 || !BASE64.test(e.data)) {
      throw invalid('data must be base64')
    }
    const bytes = Buffer.from(e.data, 'base64')
    if (bytes.length > limits.maxBlobBytes) throw tooBig('blob', bytes.length, limits.maxBlobBytes)
    if (e.size !== bytes.length)
      throw invalid(`size ${describe(e.size)} does not match the ${bytes.length} bytes of data`)
    const hash = createHash('sha256').update(bytes).digest('hex')
    if (e.hash !== hash) throw invalid('hash does not match the data (the file is damaged)')
    out.blobs.push({ path, mime, size: bytes.length, hash, bytes, ...stamps(e) })
  })
  return out
}

function each(
  input: Record<string, unknown>,
  kind: 'kv' | 'docs' | 'blobs',
  check: (e: Record<string, unknown>, where: string) => void,
): void {
  const list = input[kind] ?? []
  if (!Array.isArray(list)) throw invalid(`${kind} must be a list, not ${describe(list)}`)
  list.forEach((e, i) => {
    const where = `${kind}[${i}]`
    try {
      if (!isPlainObject(e)) throw invalid(`an entry must be an object, not ${describe(e)}`)
      check(e, where)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      throw new AppError(err.code, `${where}: ${err.message}`, {
        ...(err.hint ? { hint: err.hint } : {}),
        ...(err.details !== undefined ? { details: err.details } : {}),
      })
    }
  })
}

function time(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw invalid(`${what} must be a time in ms since the epoch, not ${describe(v)}`)
  }
  return v
}

function stamps(e: Record<string, unknown>): { createdAt: number; updatedAt: number } {
  return { createdAt: time('createdAt', e.createdAt), updatedAt: time('updatedAt', e.updatedAt) }
}
