import { z } from 'zod'
import type { ZodType } from 'zod'
import type Router from '@koa/router'

/** A JSON Schema object as zod emits it. */
type JsonSchema = Record<string, unknown>

function toJsonSchema(schema: ZodType): JsonSchema {
  // Transforms and refinements have no JSON Schema form: describe the input the client sends.
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })
}

function propertiesOf(schema: ZodType): { name: string; schema: JsonSchema; required: boolean }[] {
  const json = toJsonSchema(schema)
  const props = json.properties
  if (typeof props !== 'object' || props === null) return []
  const required = Array.isArray(json.required) ? json.required.map(String) : []
  return Object.entries(props).map(([name, s]) => ({
    name,
    schema: typeof s === 'object' && s !== null ? { ...s } : {},
    required: required.includes(name),
  }))
}

/** The part of a route's middleware the document reads: validation schemas, auth, and the roles it admits. */
interface RouteInfo {
  schemas?: { params?: ZodType; query?: ZodType; body?: ZodType }
  /** `required`: auth(); `optional`: optionalAuth(), a public route that shows more to a signed-in caller. */
  auth: 'none' | 'required' | 'optional'
  roles?: readonly string[]
}

function inspect(stack: readonly unknown[]): RouteInfo {
  const info: RouteInfo = { auth: 'none' }
  for (const fn of stack) {
    if (typeof fn !== 'function') continue
    const schemas: unknown = Reflect.get(fn, 'schemas')
    if (schemas && typeof schemas === 'object') info.schemas = schemas
    const roles: unknown = Reflect.get(fn, 'roles')
    if (Array.isArray(roles)) info.roles = roles.map(String)
    if (fn.name === 'authMiddleware') info.auth = 'required'
    if (fn.name === 'optionalAuthMiddleware' && info.auth === 'none') info.auth = 'optional'
  }
  return info
}

const ERROR_RESPONSE = {
  description: 'Error: `{ error: { code, message } }` with a stable snake_case code',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
}

/**
 * Builds the OpenAPI 3.1 document from the mounted routers: paths and methods from the router, parameters and
 * bodies from each route's `validate()` schemas (the zod schemas in @cunwu/domain), security from `auth()` (required)
 * and `optionalAuth()` (optional).
 */
export function buildOpenApi(router: Router, info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const layer of router.stack) {
    const methods = layer.methods.filter((m) => m !== 'HEAD').map((m) => m.toLowerCase())
    if (methods.length === 0) continue
    const route = inspect(layer.stack)
    const path = String(layer.path).replace(/:([A-Za-z_]+)/g, '{$1}')
    const parameters = [
      ...(route.schemas?.params
        ? propertiesOf(route.schemas.params).map((p) => ({ in: 'path', ...p, required: true }))
        : []),
      ...(route.schemas?.query ? propertiesOf(route.schemas.query).map((p) => ({ in: 'query', ...p })) : []),
    ]
    for (const method of methods) {
      paths[path] ??= {}
      const pathItem = paths[path]
      if (!pathItem) continue
      pathItem[method] = {
        operationId: layer.stack
          .map((fn) => (typeof fn === 'function' ? fn.name : ''))
          .filter(Boolean)
          .at(-1),
        ...(route.roles ? { description: `Roles: ${route.roles.join(', ')} (within their regions)` } : {}),
        // An empty requirement object makes security optional (OpenAPI 3.1, Security Requirement Object).
        ...(route.auth === 'required' ? { security: [{ bearer: [] }] } : {}),
        ...(route.auth === 'optional' ? { security: [{}, { bearer: [] }] } : {}),
        parameters,
        ...(route.schemas?.body
          ? {
              requestBody: {
                required: true,
                content: { 'application/json': { schema: toJsonSchema(route.schemas.body) } },
              },
            }
          : {}),
        responses: { '2XX': { description: 'Success' }, '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE },
      }
    }
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ApiError: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
  }
}
