import type { Context, Middleware } from 'koa'
import { z } from 'zod'
import type { ZodError, ZodType } from 'zod'
import { chineseZodMessage, hasLoneSurrogate, stripInvisible } from '@cunwu/domain'
import { unsupportedMediaType, validationError } from '../errors'

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

/**
 * Cleans every string in a parsed JSON body or query, in place: the characters that show nothing (zero-width,
 * bidi and other formatting characters, stray control characters; `INVISIBLE_CHARACTERS`) are removed, so text
 * made only of them is empty to the schemas' `.min()` and a number with a soft hyphen between its digits is a
 * number to the scrubber. Walks without recursion (a body may nest as deep as its size allows). Returns the path
 * (`body.text`) of the first string holding a lone UTF-16 surrogate, which no font shows and which would be
 * stored as �, or null.
 */
export function cleanTypedStrings(root: unknown, rootPath: string): string | null {
  // Each container with the way to it; a path is spelled out only for the string it names.
  interface Frame {
    value: object
    key: string | number
    parent: Frame | null
  }
  const pathOf = (frame: Frame, key: string | number) => {
    const keys: Array<string | number> = [key]
    for (let f: Frame | null = frame; f?.parent; f = f.parent) keys.push(f.key)
    return [rootPath, ...keys.reverse()].join('.')
  }
  if (typeof root !== 'object' || root === null) return null
  const stack: Frame[] = [{ value: root, key: rootPath, parent: null }]
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const container = frame.value as Record<string | number, unknown>
    const keys: Array<string | number> = Array.isArray(container)
      ? Array.from(container.keys())
      : Object.keys(container)
    for (const key of keys) {
      const v = container[key]
      if (typeof v === 'string') {
        if (hasLoneSurrogate(v)) return pathOf(frame, key)
        const clean = stripInvisible(v)
        if (clean !== v) container[key] = clean
      } else if (typeof v === 'object' && v !== null) stack.push({ value: v, key, parent: frame })
    }
  }
  return null
}

/** Validates params, query and body in one pass and stores the parsed result on `ctx.state.input`. */
export function validate(schemas: RequestSchemas): Middleware {
  const whole = z.object({
    params: schemas.params ?? z.unknown(),
    query: schemas.query ?? z.unknown(),
    body: schemas.body ?? z.unknown(),
  })
  const middleware: Middleware & { schemas?: RequestSchemas } = async function validateMiddleware(ctx, next) {
    // A route that reads fields from a JSON body given a multipart one: bodyParsing leaves multipart to the upload
    // routes (which declare no body), so here it would read as {} and an edit would save nothing (tester r2, N1).
    if (schemas.body && ctx.request.is('multipart'))
      throw unsupportedMediaType('这里不能上传文件，请直接填写内容后提交')
    // The query is copied (Koa keeps the parsed one for the request); the body is the request's own parse.
    const query: Record<string, unknown> = { ...ctx.query }
    const body: unknown = ctx.request.body
    const illFormed = cleanTypedStrings(query, 'query') ?? cleanTypedStrings(body, 'body')
    if (illFormed) throw validationError({ [illFormed]: '含有无法显示的字符，请删去后再试' })
    const parsed = whole.safeParse({
      params: 'params' in ctx ? ctx.params : {},
      query,
      body,
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
