import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { chineseZodMessage } from './zod-messages'

/** The first message of parsing `value` with `schema`, zod's own messages replaced by chineseZodMessage. */
function messageOf(schema: z.ZodType, value: unknown): string | undefined {
  return schema.safeParse(value, { error: chineseZodMessage }).error?.issues[0]?.message
}

describe('chineseZodMessage', () => {
  it('says in plain Chinese what zod checks, with the limit', () => {
    expect(messageOf(z.string().max(50), 'x'.repeat(51))).toBe('最多 50 个字')
    expect(messageOf(z.string().min(1), '')).toBe('不能为空')
    expect(messageOf(z.string().min(4), 'ab')).toBe('至少 4 个字')
    expect(messageOf(z.number().max(50), 51)).toBe('不能大于 50')
    expect(messageOf(z.number().min(1), 0)).toBe('不能小于 1')
    expect(messageOf(z.number().positive(), 0)).toBe('应大于 0')
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('最多 2 项')
    expect(messageOf(z.coerce.number(), '二十')).toBe('应为数字')
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('必须填写')
    expect(messageOf(z.object({ kind: z.enum(['moved_out', 'died']) }), {})).toBe('必须填写')
    expect(messageOf(z.string(), 5)).toBe('应为文字')
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe('不是可以选的值')
    // Readable choices are named (A4/A3 paper); internal codes never are.
    expect(messageOf(z.enum(['A4', 'A3']), 'A5')).toBe('不是可以选的值，可选：A4、A3')
    expect(messageOf(z.enum(['fundraising', 'other']), 'x')).toBe('不是可以选的值')
    expect(messageOf(z.enum(['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9']), 'x')).toBe(
      '不是可以选的值',
    )
    expect(messageOf(z.string().regex(/^\d{12}$/), '３６')).toBe('格式不对')
    expect(messageOf(z.strictObject({}), { x: 1 })).toBe('有多余的内容：x')
  })

  it('says a number is too large, not that it may not pass 9007199254740991 (tester p2, defect 9)', () => {
    expect(messageOf(z.int(), 1e308)).toBe('数字过大，请核对')
    expect(messageOf(z.coerce.number().int().min(1), '1e308')).toBe('数字过大，请核对')
    expect(messageOf(z.int(), -1e308)).toBe('数字过小，请核对')
    expect(messageOf(z.int().max(99), 100)).toBe('不能大于 99')
  })

  it('leaves a message written in the schema as it is', () => {
    expect(messageOf(z.string().min(1, '请输入关键词'), '')).toBe('请输入关键词')
  })

  it('never answers with a Latin letter', () => {
    const cases: [z.ZodType, unknown][] = [
      [z.string().max(3), 'abcd'],
      [z.number().int(), 1.5],
      [z.number().multipleOf(5), 7],
      [z.date(), 'x'],
      [z.union([z.string(), z.number()]), true],
      [z.record(z.string(), z.number()), { a: 'x' }],
      [z.bigint().max(1n), 5n],
      [z.set(z.string()).min(2), new Set(['a'])],
    ]
    for (const [schema, value] of cases) expect(messageOf(schema, value)).toMatch(/^[^A-Za-z]+$/)
  })
})
