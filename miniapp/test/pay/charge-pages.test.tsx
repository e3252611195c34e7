import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../__mocks__/taro'
import { fakeBff } from '../support/fake-bff'
import { buildMe } from '../support/builders'
import { flush, resetSession, signIn } from '../support/render'
import ChargePage from '../../src/pay/charge'
import MyChargesPage from '../../src/pay/my-charges'

const V = '360999001001'
const CHARGE = '65f0000000000000000000c1'

function share(over: Record<string, unknown>) {
  return {
    chargeId: CHARGE,
    villageCode: V,
    title: '卫生费',
    description: '',
    category: '卫生费',
    householdNo: '001',
    quantity: 1,
    unitLabel: '',
    amountFen: 3001,
    dueDate: '2026-07-01',
    basis: { text: '村民代表会议决议', disclosureId: null },
    status: 'paid',
    paidAt: '2026-06-01T02:00:00.000Z',
    refundedFen: 0,
    pastDue: false,
    ...over,
  }
}

function card(container: HTMLElement, chargeId: string): Element {
  const el = container.querySelector(`.cw-my-charges__item[data-charge-id="${chargeId}"]`)
  if (!el) throw new Error(`no card ${chargeId}`)
  return el
}

describe('charge pages', () => {
  beforeEach(() => {
    resetSession()
  })

  it('MyChargesPage should say what was refunded, and that a late share can still be paid', async () => {
    signIn('villager')
    fakeBff({
      'GET /api/v1/me/charges': () => ({
        status: 200,
        body: {
          charges: [
            share({ chargeId: 'c-part', refundedFen: 1000 }),
            share({ chargeId: 'c-full', status: 'refunded', refundedFen: 3001 }),
            share({ chargeId: 'c-late', status: 'unpaid', paidAt: null, pastDue: true }),
            share({ chargeId: 'c-paid' }),
          ],
        },
      }),
    })
    const { container } = render(<MyChargesPage />)
    await flush()
    expect(card(container, 'c-part').textContent).toContain('已退 10.00 元')
    expect(card(container, 'c-full').textContent).toContain('已全部退还')
    expect(card(container, 'c-full').textContent).not.toContain('已退 ')
    expect(card(container, 'c-late').textContent).toContain('已过截止日期，仍可缴费')
    expect(card(container, 'c-late').querySelector('.cw-my-charges__pay')?.textContent).toBe('缴费 30.01 元')
    expect(card(container, 'c-paid').querySelector('.cw-my-charges__refunded')).toBeNull()
    expect(card(container, 'c-paid').textContent).not.toContain('截止日期，仍可')
  })

  it('MyChargesPage should have a 待支付 share checked at WeChat on request and show it paid', async () => {
    signIn('villager')
    let paid = false
    const seen = fakeBff({
      'GET /api/v1/me/charges': () => ({
        status: 200,
        body: { charges: [share(paid ? {} : { status: 'pending', paidAt: null })] },
      }),
      [`POST /api/v1/charges/${CHARGE}/pay/check`]: () => {
        paid = true
        return { status: 200, body: share({}) }
      },
    })
    const { container } = render(<MyChargesPage />)
    await flush()
    expect(card(container, CHARGE).getAttribute('data-status')).toBe('pending')
    fireEvent.click(screen.getByText('已经付过款？点这里查一下'))
    await flush(6)
    expect(seen.some((r) => r.method === 'POST' && r.path.endsWith('/pay/check'))).toBe(true)
    expect(card(container, CHARGE).getAttribute('data-status')).toBe('paid')
    expect(container.querySelector('.cw-my-charges__notice')?.textContent).toBe('缴费成功，谢谢您！')
    expect(container.querySelector('.cw-my-charges__owed')?.textContent).toBe('都已缴清')
  })

  it('ChargePage should show an abnormal refund with what the secretary does about it', async () => {
    const grant = { role: 'secretary' as const, regionCode: V, regionName: '云溪村委会' }
    signIn('secretary')
    __setRouterParams({ id: CHARGE })
    const refund = (status: string, outRefundNo: string) => ({
      outRefundNo,
      outTradeNo: 'P1',
      chargeId: CHARGE,
      householdNo: '001',
      amountFen: 1000,
      reason: '部分退还',
      status,
      createdAt: '2026-06-02T02:00:00.000Z',
      endedAt: status === 'processing' ? null : '2026-06-02T02:05:00.000Z',
    })
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`GET /api/v1/charges/${CHARGE}`]: () => ({
        status: 200,
        body: {
          id: CHARGE,
          villageCode: V,
          title: '卫生费',
          description: '',
          unit: 'household',
          unitAmountFen: 3001,
          unitLabel: '',
          category: '卫生费',
          dueDate: '2026-07-01',
          basis: { text: '村民代表会议决议', disclosureId: null },
          decisionId: null,
          status: 'open',
          payerCount: 1,
          paidCount: 1,
          dueFen: 3001,
          receivedFen: 2001,
          createdAt: '2026-06-01T00:00:00.000Z',
          payers: [
            {
              householdNo: '001',
              headName: '张三',
              quantity: 1,
              amountFen: 3001,
              status: 'paid',
              paidAt: '2026-06-01T02:00:00.000Z',
              refundedFen: 1000,
            },
          ],
          refunds: [refund('abnormal', 'R2'), refund('succeeded', 'R1')],
        },
      }),
    })
    const { container } = render(<ChargePage />)
    await flush()
    expect(container.querySelector('.cw-charge__abnormal-count')?.textContent).toContain('有 1 笔退款异常')
    const abnormal = container.querySelector('.cw-charge__refund-line[data-no="R2"]')
    expect(abnormal?.textContent).toContain('退款 10.00 元 · 退款异常')
    expect(abnormal?.querySelector('[role="alert"]')?.textContent).toContain('微信支付商户平台')
    expect(abnormal?.textContent).toContain('不要在这里再退一次')
    expect(container.querySelector('.cw-charge__refund-line[data-no="R1"]')?.textContent).toContain('已退回')
  })
})
