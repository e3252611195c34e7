import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { changedCells, diffTableRows } from './row-diff'

const keys = ['name']
const values = ['name', 'amount']

describe('diffTableRows', () => {
  it('marks changed and added rows of the newer version and counts removed ones', () => {
    const before = [
      { name: '张三', amount: 100 },
      { name: '李四', amount: 200 },
      { name: '王五', amount: 300 },
    ]
    const after = [
      { name: '张三', amount: 100 },
      { name: '李四', amount: 250 },
      { name: '赵六', amount: 50 },
    ]
    expect(diffTableRows(keys, values, before, after)).toEqual({
      marks: [null, 'changed', 'added'],
      added: 1,
      changed: 1,
      removed: 1,
      pairedWith: [null, 1, null],
    })
  })

  it('pairs a changed row with its older row, whose changed cells name the column and both values', () => {
    const before = [
      { name: '张三', amount: 100, note: '无' },
      { name: '李四', amount: 135_000, note: '无' },
    ]
    const after = [
      { name: '李四', amount: 120_000, note: '无' },
      { name: '张三', amount: 100, note: '无' },
    ]
    const diff = diffTableRows(keys, ['name', 'amount', 'note'], before, after)
    expect(diff.pairedWith).toEqual([1, null])
    const older = before[diff.pairedWith[0] ?? -1]
    const newer = after[0]
    if (!older || !newer) throw new Error('rows missing')
    expect(changedCells(['name', 'amount', 'note'], older, newer)).toEqual([
      { column: 'amount', before: 135_000, after: 120_000 },
    ])
  })

  it('pairs rows sharing a key with identical rows first (two people of the same name)', () => {
    const before = [
      { name: '张伟', amount: 100 },
      { name: '张伟', amount: 200 },
    ]
    const after = [
      { name: '张伟', amount: 300 },
      { name: '张伟', amount: 100 },
    ]
    const diff = diffTableRows(keys, values, before, after)
    expect(diff.marks).toEqual(['changed', null])
    // The identical row took the first 张伟; the changed one pairs with the one left.
    expect(diff.pairedWith).toEqual([1, null])
  })

  it('reads an edit as one row added and one removed when no column names a row', () => {
    const diff = diffTableRows(
      [],
      ['item', 'amount'],
      [{ item: '电费', amount: 10 }],
      [{ item: '电费', amount: 12 }],
    )
    expect(diff).toEqual({ marks: ['added'], added: 1, changed: 0, removed: 1, pairedWith: [null] })
  })

  it('marks nothing between equal tables, whatever their order', () => {
    const row = fc.record({ name: fc.constantFrom('甲', '乙', '丙'), amount: fc.integer({ min: 0, max: 3 }) })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const diff = diffTableRows(keys, values, rows, [...rows].reverse())
        expect(diff).toEqual({
          marks: rows.map(() => null),
          added: 0,
          changed: 0,
          removed: 0,
          pairedWith: rows.map(() => null),
        })
      }),
    )
  })

  it('accounts for every row: kept + changed + removed = older rows, kept + changed + added = newer rows', () => {
    const row = fc.record({ name: fc.constantFrom('甲', '乙', '丙'), amount: fc.integer({ min: 0, max: 3 }) })
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(row, { maxLength: 30 }), (before, after) => {
        const diff = diffTableRows(keys, values, before, after)
        const kept = diff.marks.filter((m) => m === null).length
        expect(kept + diff.changed + diff.added).toBe(after.length)
        expect(kept + diff.changed + diff.removed).toBe(before.length)
        // Each changed row pairs with a distinct older row of its key.
        const paired = diff.pairedWith.filter((j): j is number => j !== null)
        expect(new Set(paired).size).toBe(diff.changed)
        diff.pairedWith.forEach((j, i) => {
          if (j !== null) expect(before[j]?.name).toBe(after[i]?.name)
        })
      }),
    )
  })
})
