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
 *
 * A client whose Accept-Encoding leaves nothing koa-compress can choose (`identity;q=0`, `*;q=0`,
 * `deflate, identity;q=0`, an unreadable `q`) gets the answer uncompressed: RFC 9110 §12.5.3 lets a server send
 * identity when nothing it has is acceptable, and every client reads it. koa-compress 5 then sets
 * `Content-Encoding: undefined`, which Node refuses with a TypeError after the body is ready and before anything is
 * encoded; that one error is caught here, so the answer goes out as it is instead of a 500 (docs/http-hardening.md).
 * Its negotiator is caught rather than copied, so the two can never disagree about which headers refuse everything.
 */
export function compression(): Middleware {
  const compressing = compress({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: isCompressibleType,
    // Quality 4 compresses JSON nearly as well as 11 at a fraction of the CPU, which matters per request.
    br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
    gzip: { level: 6 },
    deflate: false,
    // Only br and gzip: on a Node that has zstd, koa-compress would prefer it, and older WebViews cannot read it.
    zstd: false,
  })
  return async function compressionMiddleware(ctx, next) {
    let answered = false
    try {
      await compressing(ctx, async () => {
        await next()
        answered = true
      })
    } catch (err) {
      // Errors of the route itself go to the error handler as before.
      if (!answered || !isNoEncodingChosen(err) || ctx.response.get('Content-Encoding')) throw err
    }
  }
}

/** koa-compress found no acceptable coding and tried to send `Content-Encoding: undefined`. */
function isNoEncodingChosen(err: unknown): boolean {
  return (
    err instanceof TypeError &&
    (err as NodeJS.ErrnoException).code === 'ERR_HTTP_INVALID_HEADER_VALUE' &&
    err.message.includes('Content-Encoding')
  )
}
