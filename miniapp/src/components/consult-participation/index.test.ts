import { participationLines } from './index'

describe('participationLines', () => {
  it('should add up each area’s villages, lowest participation first, areas without any last', () => {
    const data = {
      villages: [
        { villageCode: '360999100200', open: 1, closed: 2, eligible: 60, answered: 30, ratePercent: 50 },
        { villageCode: '360999100201', open: 0, closed: 1, eligible: 40, answered: 8, ratePercent: 20 },
      ],
    }
    const areas = [
      { code: '360999100200', name: '云溪村' },
      { code: '360999100201', name: '石桥村' },
      { code: '360999100202', name: '河口村' },
    ]
    expect(participationLines(data, areas).map((l) => [l.name, l.ratePercent])).toEqual([
      ['石桥村', 20],
      ['云溪村', 50],
      ['河口村', 0],
    ])
    // A township line adds up its villages: 38 of 100.
    expect(participationLines(data, [{ code: '360999100000', name: '云溪镇' }])[0]).toMatchObject({
      open: 1,
      closed: 3,
      eligible: 100,
      answered: 38,
      ratePercent: 38,
    })
  })
})
