import { ErrorCode } from '@cunwu/domain'

/** An error that carries an HTTP status and a stable snake_case code for the client. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Safe to show the message to users; internal errors are replaced by a generic one. */
    readonly expose = status < 500,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

/** 404 for a missing resource or route. */
export const notFound = (what = '资源') => new AppError(404, ErrorCode.NotFound, `${what}不存在`)
/** 405 for a route that exists with other methods; those are in the Allow header (protocol words, not in the message). */
export const methodNotAllowed = () => new AppError(405, ErrorCode.MethodNotAllowed, '不支持此请求方法')
/** 400 for a body that is not valid JSON. */
export const invalidJson = () => new AppError(400, ErrorCode.InvalidJson, '请求内容不是有效的 JSON')
/** 413 for a body over the configured limit. */
export const payloadTooLarge = (limitBytes?: number) =>
  new AppError(
    413,
    ErrorCode.PayloadTooLarge,
    limitBytes ? `请求内容过大（上限 ${Math.round(limitBytes / 1024)} KB）` : '请求内容过大',
  )
/** 415 for a body type the endpoint does not read. */
export const unsupportedMediaType = (message = '不支持的内容类型') =>
  new AppError(415, ErrorCode.UnsupportedMediaType, message)
/** 400 for a request the server cannot read (a path the file server refuses, a malformed part). */
/** A request (or its body) that did not arrive in time: Node's request timeout, or a JSON body's own. */
export const requestTimeout = () => new AppError(408, ErrorCode.RequestTimeout, '请求超时，请检查网络后重试')

export const badRequest = (message = '请求格式不正确') => new AppError(400, ErrorCode.BadRequest, message)
/** 400 for a body whose Content-Encoding does not decode. */
export const invalidBodyEncoding = () =>
  new AppError(400, ErrorCode.InvalidBodyEncoding, '请求内容的压缩格式不正确')
/** 429 when a client sends too many requests; `retryAfterSeconds` goes out as Retry-After. */
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, ErrorCode.RateLimited, '操作太频繁，请稍后再试', true, { retryAfterSeconds })
/** 400 with per-field messages. */
export const validationError = (details: Record<string, string>) =>
  new AppError(
    400,
    ErrorCode.ValidationError,
    Object.entries(details)
      .map(([f, m]) => `${f}: ${m}`)
      .join('; '),
    true,
    details,
  )
/** 401 when the caller is not signed in or the token is bad; `code` distinguishes why. */
export const unauthorized = (code: string = ErrorCode.Unauthorized, message = '请先登录') =>
  new AppError(401, code, message)
/** 403 when the caller may not act here. */
export const forbidden = (message = '无权进行此操作') => new AppError(403, ErrorCode.Forbidden, message)
/** 409 when the request conflicts with the current state. */
export const conflict = (message: string, code: string = ErrorCode.Conflict) =>
  new AppError(409, code, message)
/** 503 when a dependency (the database) is not available. */
/**
 * 503 for a part that is away for a while (a check service, the poster workers, the database): its message is written
 * for the person and shown as it is (a 503 is never an internal error whose text must be hidden).
 */
export const serviceUnavailable = (message = '服务暂不可用，请稍后再试') =>
  new AppError(503, ErrorCode.ServiceUnavailable, message, true)
/**
 * 503 while the database cannot be reached (down, restarting, the connection to it lost): every API call but the
 * health check answers it, and so does a request the lost connection cut off (README, "Health check").
 */
export const databaseUnavailable = () => serviceUnavailable(DATABASE_UNAVAILABLE_MESSAGE)
/** What a person is told while the data cannot be read: plain words, no 数据库 (docs/api.md, "Errors"). */
export const DATABASE_UNAVAILABLE_MESSAGE = '服务暂时不可用，请稍后再试'
