import type { Context, Middleware } from 'koa'
import { z } from 'zod'
import type { ZodError, ZodType } from 'zod'
import { chineseZodMessage } from '@cunwu/domain'
import { validationError } from '../errors'

// Every zod message the BFF answers with (here and through the error handler) is plain Chinese where a schema
// gives none. Global to this process's zod: set once, when the middleware that reports them is loaded.
z.config({ customError: chineseZodMessage })

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

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {}
}

/** Validates params, query and body in one pass and stores the parsed result on `ctx.state.input`. */
export function validate(schemas: RequestSchemas): Middleware {
  const whole = z.object({
    params: schemas.params ?? z.unknown(),
    query: schemas.query ?? z.unknown(),
    body: schemas.body ?? z.unknown(),
  })
  const middleware: Middleware & { schemas?: RequestSchemas } = async function validateMiddleware(ctx, next) {
    const parsed = whole.safeParse({
      params: 'params' in ctx ? ctx.params : {},
      query: ctx.query,
      body: ctx.request.body,
    })
    if (!parsed.success) throw validationError(zodDetails(parsed.error))
    ctx.state.input = {
      params: asRecord(parsed.data.params),
      query: asRecord(parsed.data.query),
      body: asRecord(parsed.data.body),
    }
    await next()
  }
  // The OpenAPI document reads the schemas from the route's middleware, so it cannot drift from validation.
  middleware.schemas = schemas
  return middleware
}

type Part<S, Fallback> = S extends ZodType ? z.infer<S> : Fallback

/** The typed, parsed input of a route validated with the same `schemas`. */
export type Input<S extends RequestSchemas> = {
  params: Part<S['params'], Record<string, never>>
  query: Part<S['query'], Record<string, never>>
  body: Part<S['body'], undefined>
}

/** Reads what `validate(schemas)` parsed, typed by the same schemas object (the one cast lives here). */
export function inputOf<S extends RequestSchemas>(ctx: Context, _schemas: S): Input<S> {
  return ctx.state.input as unknown as Input<S>
}
