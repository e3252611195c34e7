import type { Middleware } from 'koa'
import { z } from 'zod'
import type { ZodError, ZodType } from 'zod'
import { validationError } from '../errors'

/** Schemas for the three parts of a request; any part may be omitted. */
export interface RequestSchemas {
  params?: ZodType
  query?: ZodType
  body?: ZodType
}

/** Flattens zod issues into `field: message` pairs (the first message per field). */
export function zodDetails(err: ZodError): Record<string, string> {
  const details: Record<string, string> = {}
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join('.') : '(root)'
    details[key] ??= issue.message
  }
  return details
}

/** Validates params, query and body in one pass and stores the parsed result on `ctx.state.input`. */
export function validate(schemas: RequestSchemas): Middleware {
  const whole = z.object({
    params: schemas.params ?? z.unknown(),
    query: schemas.query ?? z.unknown(),
    body: schemas.body ?? z.unknown(),
  })
  return async function validateMiddleware(ctx, next) {
    const parsed = whole.safeParse({
      params: 'params' in ctx ? ctx.params : {},
      query: ctx.query,
      body: ctx.request.body,
    })
    if (!parsed.success) throw validationError(zodDetails(parsed.error))
    ctx.state.input = parsed.data
    await next()
  }
}
