import { describe, expect, it } from 'vitest'
import type { TableSchema } from '../catalog/table-schema'
import { groupColumn, householdNoColumn, idNumberColumn, nameColumn } from '../catalog/items/columns'
import { findRosterMismatches, householdKeysOf, indexRoster, rowOwner, rowsOfHousehold } from './match'

const withNo: TableSchema = {
  kind: 'roster',
  title: '名单',
  columns: [nameColumn('姓名'), householdNoColumn, idNumberColumn],
} as TableSchema
const withoutNo: TableSchema = { ...withNo, columns: [nameColumn('姓名'), idNumberColumn] } as TableSchema

const roster = indexRoster([
  { householdNo: '001', headName: '王建国', memberNames: ['张桂兰'] },
  { householdNo: '002', headName: '李秀英', memberNames: ['赵德明'] },
  { householdNo: '003', headName: '王海燕', memberNames: ['李秀英'] },
  { householdNo: '004', headName: '黄春生', memberNames: [] },
])

describe('rowOwner', () => {
  it('should not give a row to a household by 户号 alone when the name is another family’s', () => {
    expect(rowOwner(withNo, { name: '黄春生', household_no: '002' }, roster)).toBeNull()
    expect(rowsOfHousehold(withNo, [{ name: '黄春生', household_no: '002' }], '002', roster)).toEqual([])
  })

  it('should give a row to the household whose 户号 and name agree with the roster (any member, any 户号 form)', () => {
    expect(rowOwner(withNo, { name: '李秀英', household_no: '２' }, roster)).toBe('2')
    expect(rowOwner(withNo, { name: '赵德明', household_no: '三组-002' }, roster)).toBe('2')
    expect(rowOwner(withNo, { name: '李秀英（户主）', household_no: '002' }, roster)).toBe('2')
  })

  it('should match by name in a table without 户号 only when the name is unique in the roster', () => {
    expect(rowOwner(withoutNo, { name: '黄春生' }, roster)).toBe('4')
    expect(rowOwner(withoutNo, { name: '张桂兰' }, roster)).toBe('1')
    // 李秀英 is in households 002 and 003: nobody can prove it is theirs.
    expect(rowOwner(withoutNo, { name: '李秀英' }, roster)).toBeNull()
    expect(rowOwner(withoutNo, { name: '不在名册' }, roster)).toBeNull()
    // A blank 户号 in a table that has the column is read the same way.
    expect(rowOwner(withNo, { name: '黄春生', household_no: '' }, roster)).toBe('4')
  })
})

describe('rowOwner with 村民小组', () => {
  // 户号 restart at 001 in each 村民小组: 一组-001 and 二组-001 are two families, both headed by a 王建国.
  const grouped = indexRoster([
    { householdNo: '一组-001', headName: '王建国', memberNames: [] },
    { householdNo: '二组-001', headName: '王建国', memberNames: ['李秀英'] },
  ])
  const withGroup: TableSchema = {
    ...withNo,
    columns: [nameColumn('姓名'), groupColumn, householdNoColumn],
  } as TableSchema

  it('should give a row to the household of its own group only', () => {
    const rows = [
      { name: '王建国', group: '一组', household_no: '001' },
      { name: '王建国', group: '二组', household_no: '001' },
      { name: '王建国', household_no: '2组-001' },
    ]
    expect(rowsOfHousehold(withGroup, rows, '一组-001', grouped)).toEqual([rows[0]])
    expect(rowsOfHousehold(withGroup, rows, '二组-001', grouped)).toEqual([rows[1], rows[2]])
  })

  it('should give nobody a row that does not say which group, when two groups have that 户号 and name', () => {
    expect(rowOwner(withNo, { name: '王建国', household_no: '001' }, grouped)).toBeNull()
    // 李秀英 is only in 二组-001, so the 户号 and name prove it.
    expect(rowOwner(withNo, { name: '李秀英', household_no: '001' }, grouped)).toBe('2|1')
    // A roster without groups still agrees with a grouped 户号 (the forms docs/households.md promises).
    expect(rowOwner(withGroup, { name: '李秀英', group: '五组', household_no: '002' }, roster)).toBe('2')
  })

  it('should report a name another group’s household bears as a mismatch', () => {
    const found = findRosterMismatches(
      withGroup,
      [{ name: '李秀英', group: '一组', household_no: '001' }],
      grouped,
    )
    expect(found.map((m) => m.message)).toEqual(['第1行：户号001在户籍名册上是王建国，表中为李秀英'])
  })
})

describe('findRosterMismatches', () => {
  it('should name the row, the roster’s 户主 and the table’s name', () => {
    const rows = [
      { name: '王建国', household_no: '001' },
      { name: '赵德明', household_no: '002' },
      { name: '黄春生', household_no: '002' },
      { name: '不在名册', household_no: '099' },
    ]
    expect(findRosterMismatches(withNo, rows, roster)).toEqual([
      {
        row: 3,
        householdNo: '002',
        rosterName: '李秀英',
        tableName: '黄春生',
        message: '第3行：户号002在户籍名册上是李秀英，表中为黄春生',
      },
    ])
    expect(findRosterMismatches(withoutNo, [{ name: '黄春生' }], roster)).toEqual([])
  })

  it('should name the spreadsheet row (and sheet) of imported rows', () => {
    const rows = [
      { name: '王建国', household_no: '001' },
      { name: '张三', household_no: '001' },
    ]
    const found = findRosterMismatches(withNo, rows, roster, [{ row: 7 }, { row: 8 }])
    expect(found.map((m) => m.message)).toEqual(['第8行：户号001在户籍名册上是王建国，表中为张三'])
    const sheeted = findRosterMismatches(withNo, rows, roster, [
      { row: 3, sheet: '一组' },
      { row: 4, sheet: '二组' },
    ])
    expect(sheeted.map((m) => [m.row, m.sheet, m.message])).toEqual([
      [4, '二组', '工作表「二组」第4行：户号001在户籍名册上是王建国，表中为张三'],
    ])
  })
})

describe('householdKeysOf', () => {
  it('should key 户号 and names in their normalised forms', () => {
    expect(householdKeysOf(withNo, [{ name: ' 李秀英 ', household_no: '００２' }]).sort()).toEqual([
      'name:李秀英',
      'no:2',
    ])
    expect(householdKeysOf(null, [{ name: '李秀英' }])).toEqual([])
  })
})
