import { describe, expect, it } from 'vitest'
import { AppError } from '../errors'
import { dibaoItem } from '../testing/factories'
import { checkTableRows } from './disclosure-derivations.service'

describe('checkTableRows', () => {
  const row = { name: '王建国', household_size: 3, amount: 135000 }

  it('should accept a 户号 in every form the household matcher understands, as the import does', () => {
    const written = ['一组-001', '001号', '户号：003', '12A']
    const rows = checkTableRows(
      dibaoItem(),
      written.map((household_no) => ({ ...row, household_no })),
    )
    expect(rows?.map((r) => r.household_no)).toEqual(written)
  })

  it('should name the spreadsheet rows imported rows came from', () => {
    let error: unknown
    try {
      checkTableRows(dibaoItem(), [row, { ...row, household_no: '王家' }], [{ row: 4 }, { row: 5 }])
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(AppError)
    const details = (error as AppError).details as { errors: { row: number; column: string }[] }
    expect(details.errors.map((e) => [e.row, e.column])).toEqual([[5, 'household_no']])
  })
})
