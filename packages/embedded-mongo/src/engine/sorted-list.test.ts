import { describe, expect, it } from 'vitest'
import { SortedList } from './sorted-list'

describe('SortedList', () => {
  it('should keep elements ordered through inserts and removes across bucket splits', () => {
    const list = new SortedList<number>((a, b) => a - b)
    const values = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 5000)
    for (const v of values) list.insert(v)
    expect(list.size).toBe(5000)
    expect(Array.from(list.values())).toEqual(Array.from({ length: 5000 }, (_, i) => i))
    for (let i = 0; i < 5000; i += 2) expect(list.remove(i)).toBe(true)
    expect(list.remove(2)).toBe(false)
    expect(Array.from(list.values()).slice(0, 3)).toEqual([1, 3, 5])
    expect(Array.from(list.from((x) => x - 4000)).slice(0, 2)).toEqual([4001, 4003])
    expect(Array.from(list.fromReverse((x) => x - 4000)).slice(0, 2)).toEqual([3999, 3997])
    expect(Array.from(list.values(true)).slice(0, 2)).toEqual([4999, 4997])
  })
})
