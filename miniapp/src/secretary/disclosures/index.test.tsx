import { fireEvent, render } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildItem, buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import SecretaryDisclosuresPage from './index'

const village = '360999100200'
const secretary = { role: 'secretary' as const, regionCode: village }
const months = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']

const schedule = {
  summary: { overdue: months.length, dueSoon: 0, late: 0, onTime: 0, upcoming: 0 },
  entries: months.map((m) => ({
    itemId: 'finance.income.detail',
    itemName: '收入明细',
    periodKey: m,
    dueDate: `${m}-28`,
    provisional: m === '2026-07',
    status: 'overdue',
    publishedOn: null,
  })),
}

const items = [
  buildItem(),
  buildItem({ id: 'finance.income.detail', name: '收入明细', level1: '财务收支', level2: '收入' }),
  buildItem({ id: 'finance.expense.detail', name: '支出明细', level1: '财务收支', level2: '支出' }),
]

describe('SecretaryDisclosuresPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('sec')
    __setRouterParams({})
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
      [`GET /api/v1/villages/${village}/disclosures`]: () => ({ status: 200, body: { disclosures: [] } }),
      [`GET /api/v1/villages/${village}/schedule`]: () => ({ status: 200, body: schedule }),
      [`GET /api/v1/villages/${village}/catalog`]: () => ({
        status: 200,
        body: { version: 'test', village: buildRegion(village, '云溪村委会'), items },
      }),
    })
    taroMock.navigateTo.mockClear()
  })

  it('should list the overdue items with their month and start the disclosure of one on tap', async () => {
    const { container, getByText } = render(<SecretaryDisclosuresPage />)
    await flush()
    const rows = () => [...container.querySelectorAll('.cw-sdlist__overdue-item')]
    expect(rows()).toHaveLength(5)
    expect(rows()[1]?.textContent).toContain('收入明细 · 2026年2月')
    expect(rows()[1]?.textContent).toContain('应在2026年2月28日（含当天）前公开')
    fireEvent.click(rows()[1] as Element)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: '/secretary/disclosure-edit/index?itemId=finance.income.detail&period=2026-02',
    })
    fireEvent.click(getByText('显示全部 7 项'))
    expect(rows()).toHaveLength(7)
    // A date counted on a year without holiday data says so.
    expect(rows()[6]?.textContent).toContain(
      '应在2026年7月28日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）前公开',
    )
  })

  it('should find catalog items by name in the 新建 picker', async () => {
    const { container, getByText } = render(<SecretaryDisclosuresPage />)
    await flush()
    fireEvent.click(getByText('新建公开内容'))
    await flush()
    const names = () =>
      [...container.querySelectorAll('.cw-sdlist__pick-item .cw-sdlist__item-name')].map((n) => n.textContent)
    expect(names()).toHaveLength(3)
    fireEvent.input(container.querySelector('.cw-sdlist__search') as Element, { target: { value: '支出' } })
    expect(names()).toEqual(['支出明细'])
    fireEvent.input(container.querySelector('.cw-sdlist__search') as Element, {
      target: { value: '没有的事' },
    })
    expect(container.textContent).toContain('没有找到这个事项')
  })
})
