import zlib from 'node:zlib'
import compress from 'koa-compress'
import type { Middleware } from 'koa'

/** Answers smaller than this go out as they are: compressing them saves less than the headers cost. */
export const COMPRESSION_THRESHOLD_BYTES = 1024

// Text only. Audio, PDF, spreadsheets and images are compressed formats already: a second pass costs CPU and
// saves nothing (and a 206 range of audio must stay byte-exact, which koa-compress also guards).
const TEXT_TYPES = /^(?:text\/|application\/(?:json|javascript|xml|manifest\+json)|image\/svg\+xml)/i

/** Whether a response of this MIME type is worth compressing on the fly. */
export function isCompressibleType(type: string): boolean {
  return TEXT_TYPES.test(type)
}

/**
 * Compresses API answers (JSON, CSV, text) with brotli or gzip as the client accepts, above a threshold
 * (`docs/offline.md`). Files the H5 build already compressed carry their own Content-Encoding and pass through.
 */
export function compression(): Middleware {
  return compress({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: isCompressibleType,
    // Quality 4 compresses JSON nearly as well as 11 at a fraction of the CPU, which matters per request.
    br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    gzip: { level: 6 },
    deflate: false,
    // Only br and gzip: on a Node that has zstd, koa-compress would prefer it, and older WebViews cannot read it.
    zstd: false,
  })
}
