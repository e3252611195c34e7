import { describe, expect, it } from 'vitest'
import { listItemsProblem } from './list-items'

describe('listItemsProblem', () => {
  it('should name the item too long and say the limit is per item, counting an emoji as one', () => {
    expect(listItemsProblem(['写明年份', '补'.repeat(190) + '😀'.repeat(10)], 200, 10)).toBeNull()
    expect(listItemsProblem(['写明年份', '写明村名', '补'.repeat(201)], 200, 10)).toBe(
      '第3项最多200个字（每项分别计算），已超过1个字，请删减',
    )
  })

  it('should say how many items there are once over the number', () => {
    expect(
      listItemsProblem(
        Array.from({ length: 11 }, () => '材料'),
        200,
        10,
      ),
    ).toBe('最多写10项（每行一项），现在有11项，请合并几项')
  })
})
