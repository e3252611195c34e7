import { ErrorCode } from '@cunwu/domain'
import { taroMock } from '../__mocks__/taro'
import { apiError, fakeBff } from '../support/fake-bff'
import { resetSession, signIn } from '../support/render'
import { payCharge, takePayReturn, waitUntilPaid } from '../../src/services/api/pay'
import { ApiError } from '../../src/services/request'

const CHARGE = '65f0000000000000000000c1'
const originalEnv = process.env.TARO_ENV

// The shared Taro stand-in has no requestPayment; this file adds its own.
const requestPayment = jest.fn()
Object.assign(taroMock, { requestPayment })

function payAnswer(h5PayUrl: string | null) {
  return {
    status: 200,
    body: {
      outTradeNo: 'CW1234567890',
      amountFen: 3000,
      expiresAt: '2026-06-01T10:30:00.000Z',
      requestPayment: {
        appId: 'wx-app',
        timeStamp: '1780000000',
        nonceStr: 'n0nce',
        package: 'prepay_id=wx123',
        signType: 'RSA',
        paySign: 'c2lnbg==',
      },
      h5PayUrl,
    },
  }
}

function myCharge(status: 'unpaid' | 'paid') {
  return {
    chargeId: CHARGE,
    villageCode: '360999001001',
    title: '修村道筹资',
    description: '',
    category: '一事一议筹资',
    householdNo: '001',
    quantity: 1,
    unitLabel: '',
    amountFen: 3000,
    dueDate: '2026-07-01',
    basis: { text: '村民会议决议', disclosureId: null },
    status,
    paidAt: status === 'paid' ? '2026-06-01T02:00:00.000Z' : null,
    refundedFen: 0,
    pastDue: false,
  }
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof ApiError) return err
    throw err
  }
  throw new Error('expected a failure')
}

describe('pay service', () => {
  beforeEach(() => {
    resetSession()
    signIn('villager')
    requestPayment.mockReset()
  })
  afterEach(() => {
    process.env.TARO_ENV = originalEnv
  })

  describe('in WeChat', () => {
    beforeEach(() => {
      process.env.TARO_ENV = 'weapp'
    })

    it('should open the wallet with the order parameters and no return address', async () => {
      const seen = fakeBff({ [`POST /api/v1/charges/${CHARGE}/pay`]: () => payAnswer(null) })
      requestPayment.mockResolvedValue({ errMsg: 'requestPayment:ok' })
      await expect(payCharge(CHARGE, { householdNo: '001', returnUrl: 'http://x/' })).resolves.toBe('paid')
      expect(seen[0]?.body).toEqual({ householdNo: '001' })
      expect(requestPayment).toHaveBeenCalledWith({
        timeStamp: '1780000000',
        nonceStr: 'n0nce',
        package: 'prepay_id=wx123',
        signType: 'RSA',
        paySign: 'c2lnbg==',
      })
    })

    it('should tell a closed wallet from a failed payment', async () => {
      fakeBff({ [`POST /api/v1/charges/${CHARGE}/pay`]: () => payAnswer(null) })
      requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' })
      await expect(payCharge(CHARGE)).resolves.toBe('cancelled')
      requestPayment.mockRejectedValueOnce({ errMsg: 'requestPayment:fail system error' })
      expect(await failure(payCharge(CHARGE))).toMatchObject({ code: 'pay_failed' })
    })

    it('should keep already_paid from the server for the page', async () => {
      fakeBff({
        [`POST /api/v1/charges/${CHARGE}/pay`]: () =>
          apiError(409, ErrorCode.AlreadyPaid, '本户已缴清这项费用'),
      })
      expect(await failure(payCharge(CHARGE))).toMatchObject({ status: 409, code: ErrorCode.AlreadyPaid })
      expect(requestPayment).not.toHaveBeenCalled()
    })
  })

  describe('in the browser (H5)', () => {
    beforeEach(() => {
      process.env.TARO_ENV = 'h5'
    })

    it('should send the return address and leave for the pay page instead of calling the wallet', async () => {
      const seen = fakeBff({
        [`POST /api/v1/charges/${CHARGE}/pay`]: () => payAnswer('http://sim/__sim/pay?prepay_id=wx123'),
      })
      const openUrl = jest.fn()
      const back = 'http://app/#/pay/my-charges/index?charge=c1'
      await expect(payCharge(CHARGE, { householdNo: '001', returnUrl: back, openUrl })).resolves.toBe(
        'redirected',
      )
      expect(seen[0]?.body).toEqual({ householdNo: '001', returnUrl: back })
      expect(openUrl).toHaveBeenCalledWith('http://sim/__sim/pay?prepay_id=wx123')
      expect(requestPayment).not.toHaveBeenCalled()
    })

    it('should say so when the server offers no pay page (real WeChat Pay)', async () => {
      fakeBff({ [`POST /api/v1/charges/${CHARGE}/pay`]: () => payAnswer(null) })
      const openUrl = jest.fn()
      expect(await failure(payCharge(CHARGE, { openUrl }))).toMatchObject({ code: 'pay_unavailable' })
      expect(openUrl).not.toHaveBeenCalled()
    })

    it('should read the pay page result once and take it off the address', () => {
      window.history.replaceState(null, '', '/?result=ok&out_trade_no=CW1#/pay/my-charges/index?charge=c1')
      expect(takePayReturn()).toBe('ok')
      expect(window.location.search).toBe('')
      expect(window.location.hash).toBe('#/pay/my-charges/index?charge=c1')
      expect(takePayReturn()).toBeNull()
    })
  })

  it('should have the server check the order at WeChat until the share shows paid, then read the list', async () => {
    let checks = 0
    const seen = fakeBff({
      [`POST /api/v1/charges/${CHARGE}/pay/check`]: () => {
        checks += 1
        return { status: 200, body: myCharge(checks < 3 ? 'unpaid' : 'paid') }
      },
      'GET /api/v1/me/charges': () => ({ status: 200, body: { charges: [myCharge('paid')] } }),
    })
    const result = await waitUntilPaid(CHARGE, '001', { intervalMs: 0 })
    expect(result).toMatchObject({ paid: true, charges: [{ status: 'paid' }] })
    expect(checks).toBe(3)
    // The household is named, so a proxy's check is about the household they paid for.
    expect(seen.filter((r) => r.method === 'POST').map((r) => r.body)).toEqual([
      { householdNo: '001' },
      { householdNo: '001' },
      { householdNo: '001' },
    ])
  })

  it('should give up after the attempts and answer the list as it stands', async () => {
    fakeBff({
      [`POST /api/v1/charges/${CHARGE}/pay/check`]: () => ({ status: 200, body: myCharge('unpaid') }),
      'GET /api/v1/me/charges': () => ({ status: 200, body: { charges: [myCharge('unpaid')] } }),
    })
    const result = await waitUntilPaid(CHARGE, '001', { attempts: 2, intervalMs: 0 })
    expect(result).toMatchObject({ paid: false, charges: [{ status: 'unpaid' }] })
  })
})
