import { bodyParser } from '@koa/bodyparser'
import type { Middleware } from 'koa'
import { unsupportedMediaType } from '../errors'

const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

/**
 * Parses JSON and form bodies up to `limitBytes`. A body of any other type is refused with 415, except
 * multipart, which upload routes read themselves.
 */
export function bodyParsing(limitBytes: number): Middleware {
  const parse = bodyParser({
    enableTypes: ['json', 'form'],
    parsedMethods: BODY_METHODS,
    jsonLimit: limitBytes,
    formLimit: limitBytes,
  })
  return async function bodyParsingMiddleware(ctx, next) {
    if (BODY_METHODS.includes(ctx.method) && ctx.request.length !== 0 && ctx.request.type !== '') {
      if (!ctx.request.is('json', 'urlencoded', 'multipart')) throw unsupportedMediaType()
    }
    return parse(ctx, next)
  }
}
