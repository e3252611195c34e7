import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { payCall, startReceiver } from './pay-test-client'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }

describe('GET /__sim/pay (H5 pay page)', () => {
  let sim: WechatSim
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let prepayId = ''
  beforeEach(async () => {
    sim = await startWechatSim({ apps: [APP] })
    receiver = await startReceiver()
    const keys = sim.control.payKeys()
    const res = await payCall(sim.payBaseUrl, keys, 'POST', '/v3/pay/transactions/jsapi', {
      appid: APP.appid,
      mchid: keys.mchid,
      description: '2024年度村集体卫生费',
      out_trade_no: 'PAGE000001',
      notify_url: receiver.url,
      amount: { total: 1250 },
      payer: { openid: sim.control.openidOf('zhang') },
    })
    prepayId = String(res.body.prepay_id)
  })
  afterEach(async () => {
    await sim.stop()
    await receiver.close()
  })

  const confirm = (action: string, returnUrl?: string) =>
    fetch(`${sim.baseUrl}/__sim/pay/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        prepay_id: prepayId,
        action,
        ...(returnUrl ? { return_url: returnUrl } : {}),
      }).toString(),
    })

  it('should show the order in Chinese with 确认支付 and 取消 buttons', async () => {
    const res = await fetch(`${sim.baseUrl}/__sim/pay?prepay_id=${prepayId}`)
    expect(res.headers.get('content-type')).toContain('text/html')
    const text = await res.text()
    expect(text).toContain('2024年度村集体卫生费')
    expect(text).toContain('￥12.50')
    expect(text).toContain('确认支付')
    expect(text).toContain('取消')
  })

  it('should pay the order, send the callback and redirect to return_url', async () => {
    const res = await confirm('pay', 'http://127.0.0.1:1/h5/pay-result')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(
      'http://127.0.0.1:1/h5/pay-result?result=ok&out_trade_no=PAGE000001',
    )
    const record = await sim.control.waitForNotification({ outTradeNo: 'PAGE000001' })
    expect(record.state).toBe('delivered')
    expect(await (await fetch(`${sim.baseUrl}/__sim/pay?prepay_id=${prepayId}`)).text()).toContain(
      '该订单已支付',
    )
  })

  it('should leave the order unpaid on 取消', async () => {
    const text = await (await confirm('cancel')).text()
    expect(text).toContain('已取消支付')
    expect(sim.control.orders()[0]?.state).toBe('NOTPAY')
  })

  it('should refuse a forged paySign and unknown prepay_ids', async () => {
    const q = new URLSearchParams({
      appId: APP.appid,
      timeStamp: '1700000000',
      nonceStr: 'abc',
      package: `prepay_id=${prepayId}`,
      signType: 'RSA',
      paySign: 'Zm9yZ2Vk',
    })
    expect(await (await fetch(`${sim.baseUrl}/__sim/pay?${q.toString()}`)).text()).toContain('支付验证失败')
    expect(await (await fetch(`${sim.baseUrl}/__sim/pay?prepay_id=wxnope`)).text()).toContain('订单不存在')
  })

  it('should serve /__sim/config with the key material', async () => {
    const res = (await (await fetch(`${sim.baseUrl}/__sim/config`)).json()) as { pay: Record<string, string> }
    expect(res.pay.mchid).toBe('1900000001')
    expect(res.pay.merchantPrivateKeyPem).toContain('PRIVATE KEY')
    expect(res.pay.publicKeyId).toMatch(/^PUB_KEY_ID_\d+$/)
    expect(res.pay.mode).toBe('certificate')
  })
})
