import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog'
import { FigureSchema } from '../figures/figure'
import { ChartSpecSchema } from '../api/disclosures'
import { ID_NUMBER_PROBLEM_MESSAGES, idCheckCharacter, readIdNumber } from '../privacy'
import { MAX_AMOUNT_FEN, MAX_PLAIN_NUMBER, validateTableRows } from './validate'
import { readTypedDate } from '../text/dates'

const table = findCatalogItem('social-assistance.dibao.approval')?.table
if (!table) throw new Error('the 低保 item has a table')
const amount = table.columns.find((c) => c.type === 'amount_fen')
if (!amount) throw new Error('the 低保 table has an amount')

/** The messages of a validation's errors (none when it passed). */
function messages(v: ReturnType<typeof validateTableRows>): string[] {
  return v.ok ? [] : v.errors.map((e) => e.message)
}

/** The 低保 table's first required cells, filled in plainly, with `value` as its amount. */
function rowWith(value: unknown): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const c of table?.columns ?? []) {
    if (!c.required) continue
    row[c.key] =
      c.type === 'amount_fen' || c.type === 'integer' ? 1 : c.type === 'enum' ? c.enumValues?.[0] : '王建国'
  }
  if (amount) row[amount.key] = value
  return row
}

describe('validateTableRows: how large a number may be', () => {
  it('takes amounts up to 1 万亿元 to the fen and refuses larger ones as a typing slip', () => {
    expect(messages(validateTableRows(table, [rowWith(MAX_AMOUNT_FEN)]))).toEqual([])
    expect(messages(validateTableRows(table, [rowWith(MAX_AMOUNT_FEN + 1)]))).toEqual(['金额过大，请核对'])
    // 9007199254740991 fen (a safe integer) could not be shown to the fen as yuan: refused.
    expect(messages(validateTableRows(table, [rowWith(Number.MAX_SAFE_INTEGER)]))).toEqual([
      '金额过大，请核对',
    ])
  })

  it('bounds named figures and chart values the same way', () => {
    expect(FigureSchema.safeParse({ name: '低保标准', value: 680 }).success).toBe(true)
    for (const value of [1e308, -1e308, MAX_PLAIN_NUMBER * 10]) {
      const parsed = FigureSchema.safeParse({ name: '低保标准', value })
      expect(parsed.success).toBe(false)
      expect(parsed.error?.issues[0]?.message).toBe('数额过大，请核对')
    }
    const chart = (value: number) =>
      ChartSpecSchema.safeParse({ kind: 'bar', title: '支出', series: [{ label: '修路', value }] }).success
    expect(chart(MAX_AMOUNT_FEN)).toBe(true)
    expect(chart(1e308)).toBe(false)
  })
})

describe('validateTableRows: ID numbers as people type them', () => {
  // A valid number: its check character computed from the first 17 digits.
  const first17 = '36099919701111032'
  const id = `${first17}${idCheckCharacter(first17) ?? ''}`
  const withId = (idNumber: string) => ({ ...rowWith(1), id_number: idNumber })
  const stored = (idNumber: string) => {
    const v = validateTableRows(table, [withId(idNumber)])
    return v.ok ? v.rows[0]?.id_number : messages(v)
  }
  const fullWidth = (s: string) =>
    s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

  it('accepts full-width digits, spaces inside and a lower-case x, as imports do, stored in the canonical form', () => {
    expect(stored(id)).toBe(id)
    expect(stored(fullWidth(id))).toBe(id)
    expect(stored(`${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`)).toBe(id)
    expect(stored(`${id.slice(0, 6)}\u3000${fullWidth(id.slice(6))}`)).toBe(id)
    expect(stored(id.toLowerCase())).toBe(id.toUpperCase())
    expect(readIdNumber(` ${fullWidth(id.toLowerCase())} `)).toEqual({ ok: true, value: id })
  })

  it('says what is wrong: a 15-digit old number, a wrong length, a birth date or a checksum', () => {
    expect(stored('110105491231002')).toEqual([ID_NUMBER_PROBLEM_MESSAGES.id_old_format])
    expect(stored('3609991970111103')).toEqual([ID_NUMBER_PROBLEM_MESSAGES.invalid_id_number])
    expect(stored('360999197013110321')).toEqual([ID_NUMBER_PROBLEM_MESSAGES.id_birth_date])
    const wrong = `${first17}${idCheckCharacter(first17) === '1' ? '2' : '1'}`
    expect(stored(wrong)).toEqual([ID_NUMBER_PROBLEM_MESSAGES.id_checksum])
  })
})

describe('validateTableRows: dates', () => {
  const income = findCatalogItem('village-finance.income')?.table
  if (!income) throw new Error('the income item has a table')
  const date = income.columns.find((c) => c.type === 'date')
  const validateDate = (value: string) => {
    const row: Record<string, unknown> = {}
    for (const c of income.columns) {
      if (!c.required) continue
      row[c.key] =
        c.type === 'amount_fen' || c.type === 'integer' ? 1 : c.type === 'enum' ? c.enumValues?.[0] : '收入'
    }
    if (date) row[date.key] = value
    return validateTableRows(income, [row])
  }
  const withDate = (value: string) => messages(validateDate(value))

  it('says a day that does not exist is not there, and a date written otherwise how to write it (tester p2, defect 10)', () => {
    expect(date).toBeDefined()
    expect(withDate('2026-03-05')).toEqual([])
    for (const day of ['2026-02-30', '2026-02-29', '2026-04-31'])
      expect(withDate(day)).toEqual([`日期不存在（${day}）`])
    expect(withDate('３月５日')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(withDate('2026-03')).toEqual(['日期请写成 2026-11-10 或 2026年11月10日 这样'])
    expect(withDate('２０２６-０２-３０')).toEqual(['日期不存在（２０２６-０２-３０）'])
  })

  it('reads a day as the meeting date does: without leading zeros, full-width, 年月日, / or . (tester r1, N4)', () => {
    for (const typed of [
      '2026-12-07',
      ' 2026-12-07',
      '2026-12-7',
      '２０２６-１２-０７',
      '２０２６－１２－０７',
      '2026年12月7日',
      '2026/12/7',
      '2026.12.7',
      '20261207',
    ]) {
      const v = validateDate(typed)
      expect(v.ok && date && v.rows[0]?.[date.key]).toBe('2026-12-07')
      expect(readTypedDate(typed)).toEqual({ ok: true, value: '2026-12-07' })
    }
  })
})
