import { fireEvent, render, screen } from '@testing-library/react'
import { ErrorCode, type MeDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildItem, buildMe, buildRegion } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CatalogPage from './index'

describe('CatalogPage', () => {
  beforeEach(resetSession)
  afterEach(() => __setRouterParams({}))

  it('should say 无权查看 when the village catalog is forbidden, without offering 重试', async () => {
    signIn('other-secretary')
    __setRouterParams({ village: '360999001001' })
    const seen = fakeBff({
      'GET /api/v1/villages/360999001001/catalog': () => apiError(403, ErrorCode.Forbidden, 'Forbidden'),
    })
    const { container } = render(<CatalogPage />)
    await flush()
    expect(seen[0]?.authorization).toBe('Bearer access-other-secretary')
    expect(container.querySelector('.cw-catalog__forbidden')?.textContent).toContain('无权查看')
    expect(container.querySelector('.cw-state__retry')).toBeNull()
  })

  it("should show each item's current period as published, due or overdue, open the newest disclosure, and say 不公示", async () => {
    signIn()
    __setRouterParams({ village: '360999001001' })
    const income = buildItem({ id: 'village-finance.income', name: '收入明细', focus: true })
    const dibao = buildItem({ id: 'social-assistance.dibao.approval', name: '低保名单', focus: true })
    const plan = buildItem({ id: 'village-finance.annual-plan', name: '年度财务计划及执行情况' })
    const secret = buildItem({
      id: 'x.not-disclosed',
      name: '涉密事项',
      focus: true,
      method: 'not_disclosed',
    })
    fakeBff({
      'GET /api/v1/villages/360999001001/catalog': () => ({
        status: 200,
        body: {
          version: '1',
          village: buildRegion('360999001001', '云溪村委会'),
          items: [income, dibao, secret, plan],
          standings: [
            {
              itemId: income.id,
              current: { periodKey: '2026-11', dueDate: '2026-12-10', status: 'overdue', daysPastDue: 3 },
              overdueCount: 2,
              latestDisclosureId: null,
            },
            {
              // A yearly item falls due the next year, on a date counted without that year's holidays.
              itemId: plan.id,
              current: {
                periodKey: '2026',
                dueDate: '2027-01-15',
                status: 'due_soon',
                daysPastDue: -3,
                provisional: true,
              },
              overdueCount: 0,
              latestDisclosureId: null,
            },
            {
              itemId: dibao.id,
              current: { periodKey: '2026-11', dueDate: '2026-12-10', status: 'on_time', daysPastDue: -4 },
              overdueCount: 0,
              latestDisclosureId: 'd-dibao',
            },
          ],
        },
      }),
    })
    const { container } = render(<CatalogPage />)
    await flush()
    const row = (id: string) => container.querySelector(`.cw-catalog__item[data-item="${id}"]`)
    expect(row(income.id)?.querySelector('.cw-catalog__standing--overdue')?.textContent).toBe(
      '2026年11月超期未公开（应在2026年12月10日（含当天）前），共 2 期超期',
    )
    expect(row(plan.id)?.querySelector('.cw-catalog__standing--due')?.textContent).toBe(
      '2026年应在2027年1月15日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）前公开',
    )
    expect(row(income.id)?.querySelector('.cw-catalog__open')).toBeNull()
    expect(row(dibao.id)?.querySelector('.cw-catalog__standing--done')?.textContent).toBe(
      '2026年11月已按时公开',
    )
    expect(row(secret.id)?.textContent).toContain('不公示')
    expect(row(secret.id)?.textContent).not.toContain('重点公开')
    const open = row(dibao.id)?.querySelector('.cw-catalog__open')
    if (!open) throw new Error('no 看最新公开的内容')
    fireEvent.click(open)
    expect(taroMock.navigateTo).toHaveBeenCalledTimes(1)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: '/pages/disclosure/index?id=d-dibao' })
  })

  describe('村级账目', () => {
    const finance = [
      buildItem({ id: 'village-finance.income', domainId: 'village-finance', name: '收入明细' }),
      buildItem({ id: 'village-finance.expense', domainId: 'village-finance', name: '支出明细' }),
    ]
    const dibao = buildItem({ id: 'social-assistance.dibao.approval', name: '低保名单' })
    const openCatalog = async (me: MeDto) => {
      signIn()
      __setRouterParams({ village: '360999001001' })
      fakeBff({
        'GET /api/v1/villages/360999001001/catalog': () => ({
          status: 200,
          body: {
            version: '1',
            village: buildRegion('360999001001', '云溪村委会'),
            items: [...finance, dibao],
            standings: [],
          },
        }),
        'GET /api/v1/me': () => ({ status: 200, body: me }),
      })
      const view = render(<CatalogPage />)
      await flush(6)
      return view
    }

    it("should open the village's ledger from among its money items, for those who may read it", async () => {
      const secretary = { role: 'secretary' as const, regionCode: '360999001001', regionName: '云溪村委会' }
      const township = { role: 'township' as const, regionCode: '360999001000', regionName: '云溪镇' }
      for (const me of [
        buildMe({ roles: [secretary], activeRole: secretary }),
        buildMe({ roles: [township], activeRole: township }),
      ]) {
        const { container, unmount } = await openCatalog(me)
        // Right after the village's own money items (收入明细, 支出明细), before the other matters.
        const order = [...container.querySelectorAll('.cw-catalog__item, .cw-catalog__ledger')].map(
          (el) => el.getAttribute('data-item') ?? el.textContent,
        )
        expect(order).toEqual([finance[0]?.id, finance[1]?.id, '查看云溪村委会的村级账目', dibao.id])
        taroMock.navigateTo.mockClear()
        fireEvent.click(screen.getByText('查看云溪村委会的村级账目'))
        expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
          url: '/pay/ledger/index?village=360999001001',
        })
        unmount()
      }
    })

    it('should offer a villager no ledger: it is the village staff’s, the public reads its statements', async () => {
      const villager = { role: 'villager' as const, regionCode: '360999001001', regionName: '云溪村委会' }
      const { container } = await openCatalog(buildMe({ roles: [villager], activeRole: villager }))
      expect(container.textContent).toContain('收入明细')
      expect(container.textContent).not.toContain('村级账目')
    })
  })
})
