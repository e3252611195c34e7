import { fireEvent, render, screen } from '@testing-library/react'
import { taroMock } from '../__mocks__/taro'
import { apiError, fakeBff } from '../support/fake-bff'
import { buildMe } from '../support/builders'
import { doubleTap, flush, resetSession, signIn } from '../support/render'
import ChargeNewPage from '../../src/pay/charge-new'
import ReconciliationPage from '../../src/pay/reconciliation'

const V = '360999001001'
const grant = { role: 'secretary' as const, regionCode: V, regionName: '云溪村委会' }
const me = () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) })

function field(container: HTMLElement, selector: string): Element {
  const el = container.querySelector(selector)
  if (!el) throw new Error(`no ${selector}`)
  return el
}

describe('pay pages', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('ChargeNewPage should stop an incomplete form, then send households 001-005 and open the charge', async () => {
    const seen = fakeBff({
      'GET /api/v1/me': me,
      // The charge may name a passed decision of the village; this village has none yet.
      [`GET /api/v1/villages/${V}/decisions`]: (req) =>
        req.query.status === 'passed'
          ? {
              status: 200,
              body: { decisions: [], page: { offset: 0, limit: 100, total: 0, nextOffset: null } },
            }
          : apiError(400, 'validation_failed', '只列已通过的议事'),
      [`POST /api/v1/villages/${V}/charges`]: () => ({
        status: 201,
        body: {
          id: '65f0000000000000000000c1',
          villageCode: V,
          title: '修村道筹资',
          description: '',
          unit: 'household',
          unitAmountFen: 3000,
          unitLabel: '',
          category: '一事一议筹资',
          dueDate: '2026-07-01',
          basis: { text: '村民代表会议决议', disclosureId: null },
          decisionId: null,
          status: 'open',
          payerCount: 5,
          paidCount: 0,
          dueFen: 15000,
          receivedFen: 0,
          createdAt: '2026-06-01T00:00:00.000Z',
        },
      }),
    })
    const { container } = render(<ChargeNewPage />)
    await flush()
    fireEvent.change(field(container, '.cw-charge-new__title'), { target: { value: '修村道筹资' } })
    fireEvent.click(screen.getByText('保存这项收费'))
    expect(container.querySelector('.cw-charge-new__error')?.textContent).toBe(
      '请写正确的金额，例如 50 或 12.50',
    )
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()

    fireEvent.change(field(container, '.cw-charge-new__amount'), { target: { value: '30' } })
    fireEvent.change(field(container, '.cw-charge-new__households'), { target: { value: '001-005' } })
    expect(container.querySelector('.cw-charge-new__households-preview')?.textContent).toBe(
      '共 5 户：001 002 003 004 005',
    )
    fireEvent.change(field(container, '.cw-charge-new__due'), { target: { value: '2026-07-01' } })
    fireEvent.change(field(container, '.cw-charge-new__basis'), { target: { value: '村民代表会议决议' } })
    fireEvent.click(screen.getByText('保存这项收费'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      path: `/api/v1/villages/${V}/charges`,
      body: {
        title: '修村道筹资',
        unit: 'household',
        unitAmountFen: 3000,
        category: '一事一议筹资',
        allHouseholds: false,
        payers: ['001', '002', '003', '004', '005'].map((householdNo) => ({ householdNo, quantity: 1 })),
        dueDate: '2026-07-01',
        basis: { text: '村民代表会议决议' },
      },
    })
    expect(taroMock.redirectTo).toHaveBeenCalledWith({ url: '/pay/charge/index?id=65f0000000000000000000c1' })
  })

  it('ChargeNewPage should send one charge for a double tap, and the same Idempotency-Key again when the answer was lost', async () => {
    let lose = true
    const seen = fakeBff({
      'GET /api/v1/me': me,
      [`GET /api/v1/villages/${V}/decisions`]: () => ({
        status: 200,
        body: { decisions: [], page: { offset: 0, limit: 100, total: 0, nextOffset: null } },
      }),
      [`POST /api/v1/villages/${V}/charges`]: () => {
        // The server creates the charge, but the answer never reaches the phone.
        if (lose) throw new Error('request:fail internetdisconnected')
        return { status: 201, body: { id: '65f0000000000000000000c2' } }
      },
    })
    const { container } = render(<ChargeNewPage />)
    await flush()
    fireEvent.change(field(container, '.cw-charge-new__title'), { target: { value: '2027年度卫生费' } })
    fireEvent.change(field(container, '.cw-charge-new__amount'), { target: { value: '60' } })
    fireEvent.change(field(container, '.cw-charge-new__households'), { target: { value: '001' } })
    fireEvent.change(field(container, '.cw-charge-new__basis'), { target: { value: '村民代表会议决议' } })
    doubleTap(screen.getByText('保存这项收费'))
    await flush()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const key = posts()[0]?.headers['Idempotency-Key']
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/)

    lose = false
    fireEvent.click(screen.getByText('保存这项收费'))
    await flush()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toBe(key)
    expect(posts()[1]?.body).toEqual(posts()[0]?.body)
  })

  it('ChargeNewPage should keep a title of emoji up to the limit whole, and refuse a basis too long before sending', async () => {
    const seen = fakeBff({
      'GET /api/v1/me': me,
      [`GET /api/v1/villages/${V}/decisions`]: () => ({
        status: 200,
        body: { decisions: [], page: { offset: 0, limit: 100, total: 0, nextOffset: null } },
      }),
      [`POST /api/v1/villages/${V}/charges`]: () => ({
        status: 201,
        body: { id: '65f0000000000000000000c3' },
      }),
    })
    const { container } = render(<ChargeNewPage />)
    await flush()
    // maxlength counts UTF-16 units: the one-line title leaves room for 40 emoji; the basis is never cut.
    const title = field(container, '.cw-charge-new__title')
    expect(Number(title.getAttribute('data-maxlength'))).toBeGreaterThanOrEqual('😀'.repeat(40).length)
    expect(field(container, '.cw-charge-new__basis').getAttribute('data-maxlength')).toBe('-1')
    fireEvent.change(title, { target: { value: '😀'.repeat(40) } })
    fireEvent.change(field(container, '.cw-charge-new__amount'), { target: { value: '60' } })
    fireEvent.change(field(container, '.cw-charge-new__households'), { target: { value: '001' } })
    fireEvent.change(field(container, '.cw-charge-new__basis'), { target: { value: '决'.repeat(201) } })
    expect(container.querySelector('.cw-charge-new__basis-count')?.textContent).toBe('已超过1个字')
    fireEvent.click(screen.getByText('保存这项收费'))
    await flush()
    expect(container.querySelector('.cw-charge-new__error')?.textContent).toBe(
      '收费依据已超过1个字，请删减到200个字以内',
    )
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    fireEvent.change(field(container, '.cw-charge-new__basis'), { target: { value: '🙏'.repeat(200) } })
    fireEvent.click(screen.getByText('保存这项收费'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({
      title: '😀'.repeat(40),
      basis: { text: '🙏'.repeat(200) },
    })
  })

  it('ReconciliationPage should run the day and list a difference plainly', async () => {
    const report = {
      id: 'r1',
      villageCode: V,
      date: '2026-06-01',
      status: 'differences',
      billHash: 'a'.repeat(40),
      billLines: 1,
      matchedLines: 0,
      billIncomeFen: 2000,
      billRefundFen: 0,
      differences: [
        {
          kind: 'amount',
          line: 'payment',
          outTradeNo: 'CW1',
          outRefundNo: null,
          billFen: 2000,
          ledgerFen: 3000,
          attributed: true,
          note: '',
        },
      ],
      runAt: '2026-06-03T02:00:00.000Z',
      runs: 1,
    }
    const seen = fakeBff({
      'GET /api/v1/me': me,
      [`GET /api/v1/villages/${V}/reconciliations`]: () => ({ status: 200, body: { reconciliations: [] } }),
      [`POST /api/v1/villages/${V}/reconciliations`]: () => ({ status: 200, body: report }),
    })
    const { container } = render(<ReconciliationPage />)
    await flush()
    expect(container.textContent).toContain('还没有对过账')
    fireEvent.change(field(container, '.cw-recon__date'), { target: { value: '2026-06-01' } })
    fireEvent.click(screen.getByText('开始对账'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ date: '2026-06-01' })
    const shown = field(container, '.cw-recon__latest .cw-recon__report')
    expect(shown.getAttribute('data-status')).toBe('differences')
    expect(shown.querySelector('.cw-recon__diff')?.textContent).toContain(
      '订单号 CW1，微信 20.00 元，本村记 30.00 元',
    )
  })
})
