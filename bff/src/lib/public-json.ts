import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

/** A public answer serialised once for every request that reads it while cached (a feed page, an item, a search). */
export interface PublicJson {
  json: string
  etag: string
  /** The same JSON gzipped, made on the first request that accepts it (every WeChat client does) and kept. */
  gzip(): Buffer
  /** The JSON as UTF-8 bytes, made once when first sent as it is. */
  bytes(): Buffer
  /** The cache entry that holds this answer, set by PublicReadCache when the answer is kept. */
  kept?: { kind: PublicAnswerKind; key: string }
}

/** The kinds of public answers kept: a village's feed pages, items' public views, searches. */
export type PublicAnswerKind = 'feed' | 'item' | 'search'

/** Serialises a public answer once: its JSON, a weak ETag of it, and gzip when first asked for. */
export function publicJson(value: unknown): PublicJson {
  const json = JSON.stringify(value)
  let gzip: Buffer | undefined
  let bytes: Buffer | undefined
  return {
    json,
    etag: `W/"${createHash('sha1').update(json).digest('base64url')}"`,
    gzip: () => (gzip ??= gzipSync(json)),
    bytes: () => (bytes ??= Buffer.from(json)),
  }
}
