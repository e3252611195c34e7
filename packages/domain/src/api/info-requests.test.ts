import { describe, expect, it } from 'vitest'
import { chineseZodMessage } from './zod-messages'
import { InfoRequestCorrectSchema, InfoRequestCreateSchema } from './info-requests'

const requester = {
  type: 'person',
  name: '王建国',
  idType: 'passport',
  idNumber: 'E12345678',
  contact: '13812345678',
} as const
const body = (description: string, purpose?: string) => ({
  regionCode: '360999100000',
  description,
  ...(purpose === undefined ? {} : { purpose }),
  form: 'electronic',
  requester,
})
const issues = (input: unknown, schema: typeof InfoRequestCreateSchema | typeof InfoRequestCorrectSchema) =>
  schema
    .safeParse(input, { error: chineseZodMessage })
    .error?.issues.map((i) => [i.path.join('.'), i.message])

describe('information request description: counted as a person counts characters', () => {
  it('should take 1000 characters with emoji and refuse 1001, naming the field with 最多 1000 个字', () => {
    // The request, and the corrected request (补正), which carries only the description and purpose.
    for (const [schema, of] of [
      [InfoRequestCreateSchema, body],
      [InfoRequestCorrectSchema, (description: string) => ({ description })],
    ] as const) {
      expect(issues(of('长'.repeat(999) + '😀'), schema)).toBeUndefined()
      expect(issues(of('😀'.repeat(1000)), schema)).toBeUndefined()
      for (const long of ['长'.repeat(1000) + '😀', '😀'.repeat(1001), 'a'.repeat(1001)])
        expect(issues(of(long), schema)).toEqual([['description', '最多 1000 个字']])
    }
  })

  it('should count the purpose the same way, up to 200', () => {
    expect(issues(body('低保明细', '😀'.repeat(200)), InfoRequestCreateSchema)).toBeUndefined()
    expect(issues(body('低保明细', '😀'.repeat(201)), InfoRequestCreateSchema)).toEqual([
      ['purpose', '最多 200 个字'],
    ])
  })

  it('should still refuse an empty description', () => {
    expect(issues(body('   '), InfoRequestCreateSchema)).toEqual([['description', '不能为空']])
  })
})
