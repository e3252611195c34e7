import { describe, expect, it } from 'vitest'
import type { ImportFailure, ImportIssue, ImportResult, ImportSuccess } from './import-types'
import { MAX_SKIPPED_LISTED, MAX_WARNINGS_LISTED } from './import-report'
import { mergeImportResults } from './merge-results'

function issue(sheet: string, row: number, code: ImportIssue['code'] = 'required'): ImportIssue {
  return { row, column: '户主姓名', sheet, code, message: `工作表「${sheet}」第 ${row} 行`, value: null }
}

function sheetSuccess(more: Partial<ImportSuccess> = {}): ImportSuccess {
  return {
    ok: true,
    rows: [{ name: '王建国' }],
    rowCount: 1,
    sourceRows: [2],
    villageCodes: null,
    declaredTotals: null,
    sums: {},
    warnings: [],
    skipped: { blank: 0, totals: 0, footer: 0, count: 0, rows: [] },
    ...more,
    warningCount: more.warningCount ?? more.warnings?.length ?? 0,
  }
}

function sheetFailure(sheet: string, rows: number[], errorCount = rows.length): ImportFailure {
  return { ok: false, errors: rows.map((r) => issue(sheet, r)), errorCount }
}

function success(result: ImportResult): ImportSuccess {
  if (!result.ok) throw new Error('expected success')
  return result
}

function failure(result: ImportResult): ImportFailure {
  if (result.ok) throw new Error('expected failure')
  return result
}

describe('mergeImportResults', () => {
  it('should fail the whole when any sheet failed, with every error counted', () => {
    const merged = failure(
      mergeImportResults([sheetSuccess(), sheetFailure('二组', [3, 4], 7), sheetSuccess()], 200),
    )
    expect(merged.errorCount).toBe(7)
    expect(merged.errors.map((e) => [e.sheet, e.row])).toEqual([
      ['二组', 3],
      ['二组', 4],
    ])
  })

  it('should list the first maxErrors errors in sheet order', () => {
    const merged = failure(
      mergeImportResults([sheetFailure('一组', [2, 5, 9]), sheetFailure('二组', [2, 3], 40)], 4),
    )
    expect(merged.errors.map((e) => [e.sheet, e.row])).toEqual([
      ['一组', 2],
      ['一组', 5],
      ['一组', 9],
      ['二组', 2],
    ])
    expect(merged.errorCount).toBe(43)
  })

  it('should give one sheet’s result as it is', () => {
    const only = sheetSuccess({ sums: { amount: 120_000 } })
    expect(mergeImportResults([only], 200)).toBe(only)
  })

  it('should add counts and sums, and keep warnings and skipped rows in sheet order', () => {
    const merged = success(
      mergeImportResults(
        [
          sheetSuccess({
            rowCount: 3,
            sums: { amount: 120_050, area_mu: 0.1 },
            warnings: [issue('一组', 4, 'zero_people')],
            skipped: {
              blank: 2,
              totals: 1,
              footer: 0,
              count: 1,
              rows: [{ row: 6, reason: 'totals', sheet: '一组' }],
            },
          }),
          sheetSuccess({
            rowCount: 2,
            sums: { amount: 80_000, area_mu: 0.2 },
            warnings: [issue('二组', 2, 'row_without_data')],
            skipped: {
              blank: 1,
              totals: 0,
              footer: 2,
              count: 3,
              rows: [
                { row: 5, reason: 'no_data', sheet: '二组' },
                { row: 9, reason: 'footer', sheet: '二组' },
                { row: 10, reason: 'footer', sheet: '二组' },
              ],
            },
          }),
        ],
        200,
      ),
    )
    expect(merged.rowCount).toBe(5)
    // Decimals keep 15 significant digits: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    expect(merged.sums).toEqual({ amount: 200_050, area_mu: 0.3 })
    expect(merged.warnings.map((w) => [w.sheet, w.code])).toEqual([
      ['一组', 'zero_people'],
      ['二组', 'row_without_data'],
    ])
    expect(merged.skipped).toEqual({
      blank: 3,
      totals: 1,
      footer: 2,
      count: 4,
      rows: [
        { row: 6, reason: 'totals', sheet: '一组' },
        { row: 5, reason: 'no_data', sheet: '二组' },
        { row: 9, reason: 'footer', sheet: '二组' },
        { row: 10, reason: 'footer', sheet: '二组' },
      ],
    })
    // The rows were passed on sheet by sheet: the merged result holds none.
    expect(merged.rows).toEqual([])
    expect(merged.sourceRows).toEqual([])
    expect(merged.villageCodes).toBeNull()
  })

  it('should declare a total of the whole only for the columns every sheet declared one for', () => {
    const both = success(
      mergeImportResults(
        [
          sheetSuccess({ declaredTotals: { amount: 120_000, people: 5 } }),
          sheetSuccess({ declaredTotals: { amount: 80_000 } }),
        ],
        200,
      ),
    )
    expect(both.declaredTotals).toEqual({ amount: 200_000 })
    // A sheet without a 合计 row: no declared total for the whole.
    const one = success(
      mergeImportResults([sheetSuccess({ declaredTotals: { amount: 120_000 } }), sheetSuccess()], 200),
    )
    expect(one.declaredTotals).toBeNull()
  })

  it('should list the first MAX_WARNINGS_LISTED row warnings of all the sheets, every sheet’s own, and count them all', () => {
    const rowWarnings = (sheet: string, n: number) =>
      Array.from({ length: n }, (_, i) => issue(sheet, i + 2, 'zero_people'))
    const first = sheetSuccess({ warnings: rowWarnings('一组', 80), warningCount: 80 })
    const second = sheetSuccess({
      // Listed by the sheet: its first MAX_WARNINGS_LISTED of 500, and its 合计 mismatch.
      warnings: [...rowWarnings('二组', MAX_WARNINGS_LISTED), issue('二组', 600, 'total_mismatch')],
      warningCount: 501,
    })
    const merged = success(mergeImportResults([first, second], 200))
    expect(merged.warningCount).toBe(581)
    expect(merged.warnings).toHaveLength(MAX_WARNINGS_LISTED + 1)
    expect(merged.warnings.filter((w) => w.sheet === '一组')).toHaveLength(80)
    expect(merged.warnings.filter((w) => w.sheet === '二组' && w.code === 'zero_people')).toHaveLength(
      MAX_WARNINGS_LISTED - 80,
    )
    expect(merged.warnings.at(-1)?.code).toBe('total_mismatch')
  })

  it('should list the first MAX_SKIPPED_LISTED skipped rows of all the sheets, in sheet order, and count them all', () => {
    const skippedOf = (sheet: string, n: number): ImportSuccess['skipped'] => ({
      blank: 0,
      totals: 0,
      footer: n,
      count: n,
      rows: Array.from({ length: n }, (_, i) => ({ row: i + 2, reason: 'footer' as const, sheet })),
    })
    const merged = success(
      mergeImportResults(
        [
          sheetSuccess({ skipped: skippedOf('一组', 400) }),
          sheetSuccess({ skipped: skippedOf('二组', 400) }),
        ],
        200,
      ),
    )
    expect(merged.skipped.count).toBe(800)
    expect(merged.skipped.footer).toBe(800)
    expect(merged.skipped.rows).toHaveLength(MAX_SKIPPED_LISTED)
    expect(merged.skipped.rows.at(-1)).toEqual({
      row: MAX_SKIPPED_LISTED - 400 + 1,
      reason: 'footer',
      sheet: '二组',
    })
  })
})
