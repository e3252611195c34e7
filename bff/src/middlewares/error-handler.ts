import type { Middleware } from 'koa'
import { ErrorCode } from '@cunwu/domain'
import { ZodError } from 'zod'
import {
  AppError,
  badRequest,
  databaseUnavailable,
  forbidden,
  invalidJson,
  methodNotAllowed,
  payloadTooLarge,
  unauthorized,
  unsupportedMediaType,
  validationError,
} from '../errors'
import { zodDetails } from './validate'
import { isDatabaseUnreachable, isDuplicateKey, isStorageFull } from '../lib/db-writes'

interface HttpishError {
  status?: unknown
  statusCode?: unknown
  type?: unknown
  code?: unknown
  name?: unknown
  keyValue?: unknown
  limit?: unknown
  expose?: unknown
}

function asHttpish(err: unknown): HttpishError {
  return typeof err === 'object' && err !== null ? err : {}
}

/** Converts errors thrown by libraries (body parser, zod, mongoose) into AppError; unknown errors stay unknown. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err
  if (err instanceof ZodError) return validationError(zodDetails(err))
  const e = asHttpish(err)
  // A library's JSON syntax error marked 400 (SyntaxError); raw-body names its errors by `type`.
  if (e.type === 'entity.parse.failed' || (err instanceof SyntaxError && e.status === 400))
    return invalidJson()
  if (e.type === 'entity.too.large') return payloadTooLarge(typeof e.limit === 'number' ? e.limit : undefined)
  if (e.name === 'UnsupportedBodyTypeError' || e.status === 415) return unsupportedMediaType()
  if (isDuplicateKey(err))
    return new AppError(409, ErrorCode.Conflict, '记录已存在', true, { keyValue: e.keyValue })
  if (isStorageFull(err))
    return new AppError(
      503,
      ErrorCode.StorageFull,
      '服务器存储空间不足，暂时无法保存，请稍后刷新查看后再试',
      true,
    )
  // The database went away under the request (its process died or restarts): the same 503 as when it is down.
  if (isDatabaseUnreachable(err)) return databaseUnavailable()
  if (e.name === 'CastError') return new AppError(400, ErrorCode.ValidationError, '参数格式不正确')
  if (e.name === 'ValidationError') return storedRecordInvalid(err)
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 0
  if (status === 501) return new AppError(501, ErrorCode.MethodNotAllowed, '不支持此请求方法')
  // http-errors marks the client's mistakes (every 4xx) as `expose`: the file server's 400 for an undecodable
  // path or a NUL byte, its 403 for a path that climbs out of the root, raw-body's 400 for an aborted body.
  if (status >= 400 && status < 500 && (e.expose === true || status === 404 || status === 405))
    return fromClientStatus(status)
  return undefined
}

/** What a stored record's check that is not ours (mongoose's own words are English) tells the person. */
const MONGOOSE_KIND_MESSAGES: Record<string, string> = {
  required: '不能为空',
  enum: '不是可选的值',
  match: '格式不正确',
  maxlength: '太长了',
  minlength: '太短了',
  min: '太小了',
  max: '太大了',
}

/**
 * A mongoose ValidationError (a stored record refused at save, past the request's schema): 400 validation_error
 * naming each field, by its path in the record, with the check's Chinese message (models/text-limit.ts writes one,
 * 留言最多 500 个字) or a plain one by kind; never a bare 数据校验未通过 that names nothing.
 */
function storedRecordInvalid(err: unknown): AppError {
  const errors = (err as { errors?: Record<string, { path?: unknown; kind?: unknown; message?: unknown }> })
    .errors
  const details: Record<string, string> = {}
  for (const [key, e] of Object.entries(errors ?? {})) {
    const path = typeof e.path === 'string' ? e.path : key
    const message = typeof e.message === 'string' && /\p{Script=Han}/u.test(e.message) ? e.message : undefined
    details[path] = message ?? MONGOOSE_KIND_MESSAGES[String(e.kind)] ?? '格式不正确'
  }
  if (Object.keys(details).length === 0) return new AppError(400, ErrorCode.ValidationError, '数据校验未通过')
  return validationError(details)
}

/** The AppError for a 4xx a library chose, keeping its status. */
function fromClientStatus(status: number): AppError {
  switch (status) {
    case 401:
      return unauthorized()
    case 403:
      return forbidden('无权访问此地址')
    case 404:
      return new AppError(404, ErrorCode.NotFound, '请求的地址不存在')
    case 405:
      return new AppError(405, ErrorCode.MethodNotAllowed, '不支持此请求方法')
    case 413:
      return payloadTooLarge()
    case 415:
      return unsupportedMediaType()
    default:
      return new AppError(status, ErrorCode.BadRequest, badRequest().message)
  }
}

/** The one error middleware: every failure leaves as `{ error: { code, message } }` with a stable code. */
export function errorHandler(): Middleware {
  return async function errorHandlerMiddleware(ctx, next) {
    try {
      await next()
      if (ctx.body === undefined || ctx.body === null) {
        if (ctx.status === 404) throw new AppError(404, ErrorCode.NotFound, '请求的地址不存在')
        if (ctx.status === 405 || ctx.status === 501) throw methodNotAllowed()
      }
    } catch (err) {
      if (asHttpish(err).type === 'request.aborted') {
        // The client hung up (or was cut off by the request timeout) mid-body: nobody will read an answer.
        ctx.state.log?.info('client closed the connection before sending the whole body')
      }
      const appError = toAppError(err)
      if (!appError || !appError.expose) {
        ctx.state.log?.error({ err }, 'unhandled error')
        ctx.status = appError?.status ?? 500
        ctx.body = {
          error: { code: appError?.code ?? ErrorCode.Internal, message: '服务器内部错误，请稍后再试' },
        }
        return
      }
      // A 503 is a part away for a while (the database restarting, a check service): worth a warning, not an error
      // per request while it lasts.
      if (appError.status === 503) ctx.state.log?.warn({ err }, appError.code)
      else if (appError.status >= 500) ctx.state.log?.error({ err }, appError.code)
      ctx.status = appError.status
      // A 429, or a 409 submission_in_progress, that knows when to come back says so (rate limits and the
      // submission guard set it themselves before throwing; a service's own refusal carries it in details).
      const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
      const comesBack = appError.status === 429 || appError.code === ErrorCode.SubmissionInProgress
      if (comesBack && typeof retryAfter === 'number' && !ctx.response.get('Retry-After'))
        ctx.set('Retry-After', String(Math.max(1, Math.ceil(retryAfter))))
      ctx.body = {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.details === undefined ? {} : { details: appError.details }),
        },
      }
    }
  }
}
