import { describe, expect, it } from 'vitest'
import * as domain from './index'
import * as catalogSchema from './catalog/schema'
import * as catalogTableSchema from './catalog/table-schema'

/**
 * Every message a schema of the package gives itself (`.regex(re, '…')`, `.refine(fn, '…')`, `.min(n, '…')`,
 * `{ message }`) reaches the person who sent the request: the BFF answers 400 with it (`validate`, docs/api.md). So it
 * must be plain Chinese, with no English and no field names (`requestId`, `disclosure_id`). Messages zod makes
 * itself come from `chineseZodMessage`. The catalog's own schemas are left out: they check the catalog shipped with
 * the code (its tests), never a request, and speak to the developer.
 */

interface ZodLike {
  _zod: { def: Record<string, unknown> }
}

const isZod = (v: unknown): v is ZodLike =>
  typeof v === 'object' && v !== null && '_zod' in v && typeof (v as ZodLike)._zod?.def === 'object'

/** Calls every schema's, check's and refinement's `error` reachable from `roots`, with the names leading there. */
function customMessages(roots: Record<string, unknown>, skip: Set<unknown>): Map<string, string> {
  const found = new Map<string, string>()
  const seen = new Set<unknown>(skip)
  const stack: [unknown, string][] = Object.entries(roots).map(([name, v]) => [v, name])
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [value, where] = top
    if (typeof value !== 'object' || value === null || seen.has(value)) continue
    seen.add(value)
    if (value instanceof RegExp || value instanceof Date) continue
    if (isZod(value)) {
      const def = value._zod.def
      if (typeof def.error === 'function') {
        let message: unknown
        try {
          message = (def.error as (issue: unknown) => unknown)({ code: 'custom', input: undefined, path: [] })
        } catch {
          message = undefined
        }
        const text = typeof message === 'string' ? message : (message as { message?: unknown })?.message
        if (typeof text === 'string') found.set(`${where}: ${text}`, text)
      }
      for (const [key, v] of Object.entries(def)) stack.push([v, `${where}.${key}`])
      continue
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${where}[${i}]`]))
      continue
    }
    if (Object.getPrototypeOf(value) === Object.prototype)
      for (const [key, v] of Object.entries(value)) stack.push([v, `${where}.${key}`])
  }
  return found
}

/** Everything reachable from the catalog's schemas, left out of the walk. */
function catalogSchemas(): Set<unknown> {
  const out = new Set<unknown>()
  const stack: unknown[] = [...Object.values(catalogSchema), ...Object.values(catalogTableSchema)].filter(
    isZod,
  )
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v !== 'object' || v === null || out.has(v) || v instanceof RegExp) continue
    out.add(v)
    const next = isZod(v) ? Object.values(v._zod.def) : Array.isArray(v) ? v : Object.values(v)
    stack.push(...next)
  }
  return out
}

/**
 * Whether a message reads as plain Chinese: Han characters, and no Latin word (two letters or more) but the file
 * types people see in names (csv, xlsx) and a web address's http(s); single letters stay (2026-Q1).
 */
function isPlainChinese(text: string): boolean {
  if (!/\p{Script=Han}/u.test(text)) return false
  const words = text.match(/[A-Za-z]{2,}/g) ?? []
  return words.every((w) => ['csv', 'xlsx', 'http', 'https'].includes(w))
}

/** The development clock (`POST /dev/clock`, absent in production) speaks to developers by its fields' names. */
const DEVELOPMENT_ONLY = ['DevClockSchema']

describe('schema messages', () => {
  const messages = customMessages(domain as Record<string, unknown>, catalogSchemas())

  it('should find the custom messages (the walk reaches checks and refinements)', () => {
    const texts = [...messages.values()]
    expect(texts).toContain('标题至少 2 个字')
    expect(texts).toContain('选项不能重复')
    expect(texts.length).toBeGreaterThan(30)
  })

  it('should give every message a person can be answered with in plain Chinese', () => {
    const english = [...messages.entries()]
      .filter(([where]) => !DEVELOPMENT_ONLY.some((n) => where.startsWith(`${n}.`)))
      .filter(([, text]) => !isPlainChinese(text))
      .map(([where]) => where)
    expect(english).toEqual([])
  })
})
