import { describe, expect, it } from 'vitest'
import { DecisionStepRecordSchema } from '../decisions/schemas'
import { readTypedDate, TypedDateSchema } from './dates'

describe('readTypedDate', () => {
  it('should read a day typed with full-width digits, spaces, no leading zeros or 年月日', () => {
    for (const typed of [
      '2026-12-07',
      ' 2026-12-07',
      '2026-12-07\u3000',
      '２０２６-１２-０７',
      '２０２６－１２－０７',
      '2026-12-7',
      '2026/12/7',
      '2026.12.07',
      '2026年12月7日',
      '2026 年 12 月 7 日',
      '２０２６年１２月７日',
      '20261207',
    ]) {
      expect(readTypedDate(typed)).toEqual({ ok: true, value: '2026-12-07' })
    }
  })

  it('should tell a day that does not exist from text that is not a date', () => {
    expect(readTypedDate('2026-02-30')).toEqual({ ok: false, problem: 'impossible' })
    expect(readTypedDate('2026-13-01')).toEqual({ ok: false, problem: 'impossible' })
    expect(readTypedDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' })
    expect(readTypedDate('0999-01-01')).toEqual({ ok: true, value: '0999-01-01' })
    for (const typed of ['', '12月7日', '2026-12', '明天', '2026-12-07 下午']) {
      expect(readTypedDate(typed)).toEqual({ ok: false, problem: 'unreadable' })
    }
  })
})

describe('TypedDateSchema', () => {
  it('should answer YYYY-MM-DD, or say in plain words what to write', () => {
    expect(TypedDateSchema.parse('２０２６年１２月７日')).toBe('2026-12-07')
    expect(TypedDateSchema.safeParse('12月7日').error?.issues[0]?.message).toBe(
      '日期请写成 2026-11-10 或 2026年11月10日 这样',
    )
    expect(TypedDateSchema.safeParse(' 2026-02-30').error?.issues[0]?.message).toBe(
      '日期不存在（2026-02-30），请核对',
    )
  })

  it('should let a meeting date be sent as it was typed, stored as YYYY-MM-DD', () => {
    const step = {
      step: 'proposal',
      heldOn: ' ２０２６-１２-７',
      bodySize: 7,
      present: 7,
      votes: { for: 7, against: 0, abstain: 0 },
      motion: '村道硬化',
    }
    expect(DecisionStepRecordSchema.parse(step).heldOn).toBe('2026-12-07')
    expect(DecisionStepRecordSchema.safeParse({ ...step, heldOn: '1999-12-31' }).success).toBe(false)
  })
})
