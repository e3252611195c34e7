import { describe, expect, it } from 'vitest'
import { ApiErrorBodySchema } from './api-error'
import { ErrorCode } from './errors'

describe('ApiErrorBodySchema', () => {
  it('should accept every shared error code', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(ApiErrorBodySchema.safeParse({ error: { code, message: 'x' } }).success).toBe(true)
    }
  })
  it('should reject codes that are not snake_case', () => {
    expect(ApiErrorBodySchema.safeParse({ error: { code: 'NotFound', message: 'x' } }).success).toBe(false)
  })
})
