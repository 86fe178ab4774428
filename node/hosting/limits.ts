import type { Settings } from '../core/settings.js'

/** Bytes per stored chunk of a body. Frozen: stored data depends on it (migrations/0003_hosting.sql). */
export const CHUNK = 1024 * 1024

/** Most decoded bytes one `app.files.upload` call may carry, so a peer upload fits a modest HTTP body. */
export const MAX_UPLOAD_CALL = 8 * CHUNK

/** Uploaded chunks with no complete body older than this are an abandoned upload and may be swept. */
export const UPLOAD_GRACE_MS = 60 * 60 * 1000

export interface HostingLimits {
  fileBytes: number
  releaseBytes: number
  files: number
}

/** The defaults of docs/hosting.md#limits; each can be lowered or raised with a node setting (`hosting.max_*`). */
export const DEFAULT_LIMITS: HostingLimits = {
  fileBytes: 100 * 1024 * 1024,
  releaseBytes: 500 * 1024 * 1024,
  files: 20_000,
}

export function readLimits(settings: Settings): HostingLimits {
  const num = (key: string, fallback: number) => {
    const v = Number(settings.get(key))
    return Number.isSafeInteger(v) && v > 0 ? v : fallback
  }
  return {
    fileBytes: num('hosting.max_file_bytes', DEFAULT_LIMITS.fileBytes),
    releaseBytes: num('hosting.max_release_bytes', DEFAULT_LIMITS.releaseBytes),
    files: num('hosting.max_files', DEFAULT_LIMITS.files),
  }
}
