import { roleLine } from './user-card'

describe('roleLine', () => {
  it('should say a role on a retired region ended with the merger and only reads', () => {
    expect(roleLine({ role: 'secretary', regionCode: '360999101200', regionName: '石门村委会' })).toBe(
      '村务管理员 · 石门村委会',
    )
    expect(
      roleLine({
        role: 'secretary',
        regionCode: '360999101200',
        regionName: '石门村委会',
        endedOn: '2026-09-20',
      }),
    ).toBe('村务管理员 · 石门村委会（随2026年9月20日撤并结束，只能查看）')
  })
})
