import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '../catalog'
import { FigureSchema } from '../figures/figure'
import { ChartSpecSchema } from '../api/disclosures'
import { MAX_AMOUNT_FEN, MAX_PLAIN_NUMBER, validateTableRows } from './validate'

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
