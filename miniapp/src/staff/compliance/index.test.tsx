import { fireEvent, render, screen, within } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildCounts, buildTownshipCompliance } from '../../../test/support/alignment-builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CompliancePage from './index'

describe('CompliancePage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: '360999100000', period: '2026' })
  })

  it('should colour the villages by health, draw the counts and drill down on a tap', async () => {
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: buildTownshipCompliance() }),
    })
    const { container } = render(<CompliancePage />)
    await flush()
    const tiles = [...container.querySelectorAll('.cw-compliance__tile')]
    expect(tiles.map((t) => t.getAttribute('data-health'))).toEqual(['red', 'amber'])
    expect(tiles[0]?.className).toContain('cw-compliance__tile--red')
    const bars = within(screen.getByRole('list', { name: '对照结果统计' })).getAllByRole('listitem')
    expect(bars.find((row) => row.textContent?.startsWith('有差异'))?.textContent).toBe('有差异1')
    expect(seen[0]?.path).toBe('/api/v1/regions/360999100000/compliance')

    fireEvent.click(tiles[0] as Element)
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: '/staff/compliance/index?region=360999100200&period=2026',
    })
  })

  it('should say what needs doing first: overdue items on each tile in words, a summary, the order the BFF gave', async () => {
    const board = buildTownshipCompliance()
    // As the BFF orders them (byNeed): a village that published nothing, first; one whose county list is missing.
    board.children = [
      {
        code: '360999100203',
        name: '枫林村委会',
        level: 'village',
        counts: buildCounts({ expected: 65, overdue: 65 }),
        health: 'none',
      },
      ...board.children,
      {
        code: '360999100202',
        name: '上坊村委会',
        level: 'village',
        counts: buildCounts({ expected: 65, published: 65, consistent: 3, governmentMissing: 1 }),
        health: 'amber',
      },
    ]
    board.counts = { ...board.counts, overdue: 65 }
    fakeBff({ 'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: board }) })
    const { container } = render(<CompliancePage />)
    await flush()
    const links = screen.getAllByRole('link')
    expect(links.map((l) => l.getAttribute('data-code'))).toEqual([
      '360999100203',
      '360999100200',
      '360999100201',
      '360999100202',
    ])
    // Each tile is a link named by its text: the village and what is wrong, not only a colour.
    expect(links[0]?.textContent).toBe('枫林村委会超期未公开65项未对照')
    expect(links[0]?.className).toContain('cw-compliance__tile--red')
    // A missing county list is named as the government's, not a bare 缺1.
    expect(links[3]?.textContent).toContain('政府未公开1')
    expect(links[2]?.textContent).toContain('村里未公开1')
    // The region's card leads with what is owed, not a calm 总体：未对照.
    expect(container.querySelector('.cw-compliance__health')?.textContent).toContain('超期未公开 65 项')
    expect(container.querySelector('.cw-compliance__health')?.textContent).toContain('与政府公开对照：有差异')
    const summary = container.querySelector('.cw-compliance__summary')?.textContent ?? ''
    expect(summary).toContain('1个村有超期未公开的事项')
    expect(summary).toContain('1个村有差异或跨村核查问题 · 2个村有缺项')
  })

  it('should find a village by part of its name, and open it from its link', async () => {
    fakeBff({
      'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: buildTownshipCompliance() }),
    })
    render(<CompliancePage />)
    await flush()
    const box = screen.getByRole('textbox', { name: '找村：输入名称中的字' })
    fireEvent.change(box, { target: { value: '社区' } })
    expect(screen.getAllByRole('link').map((l) => l.textContent?.slice(0, 7))).toEqual(['云溪社区居委会'])
    expect(screen.getByRole('status').textContent).toBe('找到 1 个村')
    fireEvent.click(screen.getByRole('link'))
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: '/staff/compliance/index?region=360999100201&period=2026',
    })
    fireEvent.change(box, { target: { value: '枫林' } })
    expect(screen.queryAllByRole('link')).toEqual([])
    expect(screen.getByText('没有名称含“枫林”的村')).toBeTruthy()
  })

  it("should open, without a period asked for, on the year the BFF chooses (not the phone's), and step from it", async () => {
    __setRouterParams({ region: '360999100000' })
    // The phone says January 2027; the BFF opens on 2026, the year of the most recent overdue period.
    jest.useFakeTimers({
      now: new Date('2027-01-05T02:00:00Z'),
      doNotFake: ['setTimeout', 'setImmediate', 'nextTick'],
    })
    try {
      const seen = fakeBff({
        'GET /api/v1/regions/360999100000/compliance': (req) => ({
          status: 200,
          body: { ...buildTownshipCompliance(), period: req.query?.period ?? '2026' },
        }),
      })
      const { container } = render(<CompliancePage />)
      await flush()
      const boards = () => seen.filter((r) => r.path.endsWith('/compliance')).map((r) => r.query.period)
      expect(boards()).toEqual([undefined])
      expect(container.querySelector('.cw-compliance__period-text')?.textContent).toBe('2026 年')
      fireEvent.click(screen.getByText('上一年'))
      await flush()
      expect(boards()).toEqual([undefined, '2025'])
    } finally {
      jest.useRealTimers()
    }
  })

  it('should turn a village red and name the kinds where cross-village findings are open', async () => {
    const board = buildTownshipCompliance()
    const amber = board.children[1]
    if (!amber) throw new Error('no second village')
    board.children[1] = { ...amber, crossChecks: { above_standard: 1, shared_account: 2 } }
    fakeBff({ 'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: board }) })
    const { container } = render(<CompliancePage />)
    await flush()
    const tiles = [...container.querySelectorAll('.cw-compliance__tile')]
    expect(tiles[1]?.className).toContain('cw-compliance__tile--red')
    expect(tiles[1]?.textContent).toContain('超标准发放1 · 多户共用账号2')
    fireEvent.click(screen.getByText('跨村核查'))
    // The findings of the year the dashboard counted, not of the current month.
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: '/staff/cross-checks/index?region=360999100000&period=2026',
    })
  })
  it('should name each item of a village with its period, so one sees which month is overdue', async () => {
    __setRouterParams({ region: '360999100200', period: '2026' })
    const board = buildTownshipCompliance()
    const line = (period: string) => ({
      villageCode: '360999100200',
      villageName: '云溪村委会',
      catalogItemId: 'finance.income.detail',
      catalogItemName: '收入明细',
      period,
      disclosureId: null,
      publishedOn: null,
      dueDate: `${period}-28`,
      dueStatus: 'overdue' as const,
      alignmentId: null,
      alignmentStatus: null,
      discrepancyCount: 0,
      explanations: [],
      verifiedBy: null,
      verifiedAt: null,
    })
    fakeBff({
      'GET /api/v1/regions/360999100200/compliance': () => ({
        status: 200,
        body: {
          ...board,
          regionCode: '360999100200',
          level: 'village',
          children: [],
          asOf: '2026-11-20T08:31:05.000Z',
          rows: [line('2026-10'), line('2026-11')],
        },
      }),
    })
    const { container } = render(<CompliancePage />)
    await flush()
    const titles = [...container.querySelectorAll('.cw-compliance__row-title')].map((t) => t.textContent)
    expect(titles).toEqual(['收入明细 · 2026年10月', '收入明细 · 2026年11月'])
    expect(container.textContent).toContain('统计时间：2026年11月20日 16:31')
  })

  it('should make each row that has an alignment a link named by its text, opening the alignment', async () => {
    __setRouterParams({ region: '360999100200', period: '2026' })
    const row = (alignmentId: string | null) => ({
      villageCode: '360999100200',
      villageName: '云溪村委会',
      catalogItemId: alignmentId ? 'social.dibao.list' : 'finance.income.detail',
      catalogItemName: alignmentId ? '最低生活保障对象名单' : '收入明细',
      period: '2026',
      disclosureId: null,
      publishedOn: null,
      dueDate: null,
      dueStatus: null,
      alignmentId,
      alignmentStatus: alignmentId ? ('government_missing' as const) : null,
      discrepancyCount: 0,
      explanations: [],
      verifiedBy: null,
      verifiedAt: null,
    })
    fakeBff({
      'GET /api/v1/regions/360999100200/compliance': () => ({
        status: 200,
        body: {
          ...buildTownshipCompliance(),
          regionCode: '360999100200',
          level: 'village',
          children: [],
          rows: [row('al-1'), row(null)],
        },
      }),
    })
    render(<CompliancePage />)
    await flush()
    // Only the row that opens something is a link (H5 gives it a tab stop and Enter, utils/h5-button-role).
    const links = screen.getAllByRole('link')
    expect(links).toHaveLength(1)
    expect(links[0]?.textContent).toMatch(/^最低生活保障对象名单 · 2026年.*点击查看对照详情$/)
    expect(screen.getByText('收入明细 · 2026年').closest('[role="link"]')).toBeNull()
    fireEvent.click(links[0] as Element)
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/staff/alignment/index?id=al-1' })
  })

  it("should open a village's ledger (村级账目) from its dashboard, for the township and county above it", async () => {
    __setRouterParams({ region: '360999100200', period: '2026' })
    const board = buildTownshipCompliance()
    fakeBff({
      'GET /api/v1/regions/360999100200/compliance': () => ({
        status: 200,
        body: {
          ...board,
          regionCode: '360999100200',
          regionName: '云溪村委会',
          level: 'village',
          children: [],
        },
      }),
    })
    render(<CompliancePage />)
    await flush()
    fireEvent.click(screen.getByText('查看云溪村委会的村级账目'))
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/pay/ledger/index?village=360999100200' })
    // The staff home opens this page, not the catalog: the catalog is one tap further.
    fireEvent.click(screen.getByText('查看村民看到的公开目录'))
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/catalog/index?village=360999100200' })
  })

  it('should offer no ledger on a township’s dashboard: a ledger is a village’s', async () => {
    fakeBff({
      'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: buildTownshipCompliance() }),
    })
    const { container } = render(<CompliancePage />)
    await flush()
    expect(container.textContent).not.toContain('村级账目')
  })
})
