import { fireEvent, render, screen } from '@testing-library/react'
import type { LedgerEntryDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import LedgerPage from './index'

const VILLAGE = '360999100200'
const entry: LedgerEntryDto = {
  id: '65f0000000000000000000e1',
  villageCode: VILLAGE,
  section: 'expense',
  date: '2026-06-01',
  amountFen: 300,
  summary: '购买扫帚',
  category: '日常开支',
  counterparty: '',
  remark: '',
  voucherNo: '记-12',
  voucherFileIds: ['65f0000000000000000000f1'],
  source: 'manual',
  sourceRef: '',
  handler: '',
  decisionId: null,
  reversedBy: null,
  reversalOf: null,
  createdAt: '2026-06-01T02:00:00.000Z',
}

describe('LedgerPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('staff')
  })

  it.each([
    ['township', '360999100000', '云溪镇'],
    ['county', '360999000000', '云溪县'],
  ] as const)(
    'should let the %s read the chosen village’s ledger and vouchers, without 记一笔 or 冲销',
    async (role, code, name) => {
      const grant = { role, regionCode: code, regionName: name }
      __setRouterParams({ village: VILLAGE })
      const seen = fakeBff({
        'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
        [`GET /api/v1/regions/${VILLAGE}`]: () => ({ status: 200, body: buildRegion(VILLAGE, '云溪村委会') }),
        [`GET /api/v1/villages/${VILLAGE}/ledger`]: () => ({ status: 200, body: { entries: [entry] } }),
      })
      const { container } = render(<LedgerPage />)
      await flush(6)
      expect(container.textContent).not.toContain('不能看账目')
      expect(container.textContent).toContain('云溪村委会')
      expect(container.textContent).toContain('购买扫帚')
      expect(container.textContent).toContain('查看凭证')
      expect(screen.queryByRole('button', { name: '记一笔' })).toBeNull()
      expect(screen.queryByRole('button', { name: /冲销/ })).toBeNull()
      expect(seen.some((r) => r.method === 'GET' && r.path === `/api/v1/villages/${VILLAGE}/ledger`)).toBe(
        true,
      )
    },
  )

  it('should still let the village’s secretary add entries, and tell a villager the ledger is not theirs', async () => {
    const grant = { role: 'secretary' as const, regionCode: VILLAGE, regionName: '云溪村委会' }
    __setRouterParams({})
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`GET /api/v1/villages/${VILLAGE}/ledger`]: () => ({ status: 200, body: { entries: [entry] } }),
    })
    const first = render(<LedgerPage />)
    await flush(6)
    expect(screen.getByRole('button', { name: '记一笔' })).toBeTruthy()
    first.unmount()

    const villager = { role: 'villager' as const, regionCode: VILLAGE, regionName: '云溪村委会' }
    __setRouterParams({ village: VILLAGE })
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [villager], activeRole: villager }) }),
    })
    const { container } = render(<LedgerPage />)
    await flush(6)
    expect(container.textContent).toContain('能看账目')
    expect(screen.queryByText('购买扫帚')).toBeNull()
  })

  it('should book a day typed as 2026年6月1日 as 2026-06-01, and say in plain words what is wrong with a date', async () => {
    const grant = { role: 'secretary' as const, regionCode: VILLAGE, regionName: '云溪村委会' }
    __setRouterParams({})
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`GET /api/v1/villages/${VILLAGE}/ledger`]: () => ({ status: 200, body: { entries: [] } }),
      [`POST /api/v1/villages/${VILLAGE}/ledger`]: () => ({ status: 201, body: { ...entry, warning: null } }),
    })
    const { container } = render(<LedgerPage />)
    await flush(6)
    fireEvent.click(screen.getByRole('button', { name: '记一笔' }))
    const type = (label: string, value: string) =>
      fireEvent.input(screen.getByLabelText(label), { target: { value } })
    type('金额（元）', '3')
    type('摘要', '购买扫帚')
    type('科目', '日常开支')
    const posted = () => seen.filter((r) => r.method === 'POST')
    for (const [typed, message] of [
      ['2026年2月30日', '日期不存在（2026年2月30日），请核对'],
      ['六月一日', '日期请写成 2026-11-10 或 2026年11月10日 这样'],
    ] as const) {
      type('日期', typed)
      fireEvent.click(screen.getByText('保存'))
      await flush()
      expect(container.querySelector('.cw-ledger__error')?.textContent).toBe(message)
    }
    expect(posted()).toEqual([])
    type('日期', '２０２６年６月１日')
    fireEvent.click(screen.getByText('保存'))
    await flush(6)
    expect(posted().map((r) => (r.body as { date: string }).date)).toEqual(['2026-06-01'])
  })
})
