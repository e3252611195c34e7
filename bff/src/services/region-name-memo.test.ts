import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { RegionNameMemo } from './regions.service'

const VILLAGES = ['360999100401', '360999100402', '360999100403']

describe('RegionNameMemo: region names kept for as long as a public answer', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
    await t.services!.models.Region.insertMany(
      VILLAGES.map((code, i) => ({
        _id: code,
        name: `第${i + 1}村`,
        level: 'village',
        parentCode: null,
        codeYear: 2024,
      })),
    )
  })
  afterAll(async () => {
    await t.close()
  })
  const rename = (code: string, name: string) =>
    t.services!.models.Region.updateOne({ _id: code }, { $set: { name } })

  it('answers from memory within its time, reads again after it, and leaves out codes that do not exist', async () => {
    const memo = new RegionNameMemo(t.services!.models, 150)
    const [a, b] = VILLAGES as [string, string]
    const first = await memo.names([a, b, a, '360999100499'])
    expect([...first]).toEqual([
      [a, '第1村'],
      [b, '第2村'],
    ])
    await rename(a, '新名村')
    await t.services!.models.Region.insertMany([
      { _id: '360999100499', name: '后建村', level: 'village', parentCode: null, codeYear: 2024 },
    ])
    // Within its time: the names as read (and the missing code still missing).
    expect([...(await memo.names([a, '360999100499']))]).toEqual([[a, '第1村']])
    await new Promise((r) => setTimeout(r, 200))
    expect([...(await memo.names([a, '360999100499']))]).toEqual([
      [a, '新名村'],
      ['360999100499', '后建村'],
    ])
  })

  it('reads only the codes it does not hold, and starts over past its bound', async () => {
    const memo = new RegionNameMemo(t.services!.models, 60_000, 2)
    const [, b, c] = VILLAGES as [string, string, string]
    await memo.names([b])
    await rename(b, '二村改')
    await rename(c, '三村改')
    // b is held (its old name), c is read now.
    expect([...(await memo.names([b, c]))]).toEqual([
      [b, '第2村'],
      [c, '三村改'],
    ])
    // A third code passes the bound of 2: every name asked for is still answered, and the memory starts over, so
    // b is read again next time.
    const [a] = VILLAGES as [string]
    expect(new Map(await memo.names([a, b, c]))).toEqual(
      new Map([
        [a, '新名村'],
        [b, '第2村'],
        [c, '三村改'],
      ]),
    )
    expect([...(await memo.names([b]))]).toEqual([[b, '二村改']])
  })
})
