import { ID_NUMBER_PROBLEM_MESSAGES, idCheckCharacter, validateTableRows } from '@cunwu/domain'
import { findCatalogItem } from '@cunwu/domain'
import { inputToCell } from './table-editor'

const first17 = '36099919701111032'
const id = `${first17}${idCheckCharacter(first17) ?? ''}`
const column = { type: 'id_number' as const, label: '身份证号' }
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('inputToCell: ID numbers', () => {
  it('should store a number typed with full-width digits, spaces or a lower-case x as the server does', () => {
    for (const typed of [
      id,
      fullWidth(id),
      `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
      id.toLowerCase(),
    ])
      expect(inputToCell(column, typed)).toEqual({ value: id.toUpperCase() })
    // The server takes what the editor sends unchanged (one rule, `readIdNumber`).
    const table = findCatalogItem('social-assistance.dibao.approval')?.table
    if (!table) throw new Error('the 低保 item has a table')
    const typed = inputToCell(column, fullWidth(id))
    const row = {
      name: '王建国',
      household_size: 1,
      amount: 100,
      id_number: 'value' in typed ? typed.value : null,
    }
    const v = validateTableRows(table, [row])
    expect(v.ok && v.rows[0]?.id_number).toBe(id.toUpperCase())
  })

  it('should say what is wrong with a number that is not valid, as the server would', () => {
    expect(inputToCell(column, '110105491231002')).toEqual({
      error: `身份证号：${ID_NUMBER_PROBLEM_MESSAGES.id_old_format}`,
    })
    expect(inputToCell(column, '360999197013110321')).toEqual({
      error: `身份证号：${ID_NUMBER_PROBLEM_MESSAGES.id_birth_date}`,
    })
  })
})
