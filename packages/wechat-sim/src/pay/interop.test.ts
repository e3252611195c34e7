// Interoperability with the real wechatpay-node-v3 2.2.1 library on loopback: it must sign requests the
// simulator accepts, and its verifySign must accept the simulator's responses and callbacks (certificate mode).
import { createHash, createPublicKey, verify } from 'node:crypto'
import Pay from 'wechatpay-node-v3'
import type { IPayRequest, Output } from 'wechatpay-node-v3/dist/define'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { startReceiver } from './pay-test-client'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const REAL_HOST = 'https://api.mch.weixin.qq.com'

interface Raw {
  text: string
  headers: Headers
}

describe('wechatpay-node-v3 2.2.1 against the simulator', () => {
  let sim: WechatSim
  let pay: Pay
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let last: Raw = { text: '', headers: new Headers() }
  let openid = ''

  beforeAll(async () => {
    // The window is off because the bill test moves the simulated clock two days past the library's.
    sim = await startWechatSim({
      apps: [APP],
      timeScale: 0.001,
      pay: { refundSettleSeconds: null, timestampWindowSeconds: 0 },
    })
    receiver = await startReceiver()
    const keys = sim.control.payKeys()
    openid = sim.control.openidOf('zhang')
    // No serial_no: the library derives it (in lower case) from the merchant certificate.
    pay = new Pay({
      appid: APP.appid,
      mchid: keys.mchid,
      publicKey: Buffer.from(keys.merchantCertificatePem),
      privateKey: Buffer.from(keys.merchantPrivateKeyPem),
      key: keys.apiV3Key,
    })
    // The library hard-codes the real host; a custom transport rewrites it and keeps the raw answer.
    const send = async (url: string, init: RequestInit): Promise<Output> => {
      const res = await fetch(url.replace(REAL_HOST, sim.payBaseUrl), init)
      const buf = Buffer.from(await res.arrayBuffer())
      last = { text: buf.toString('utf8'), headers: res.headers }
      const isJson = (res.headers.get('content-type') ?? '').includes('json')
      const data: unknown = isJson && buf.length > 0 ? JSON.parse(buf.toString('utf8')) : buf
      return res.ok ? { status: res.status, data } : { status: res.status, error: buf.toString('utf8') }
    }
    const transport: IPayRequest = {
      post: (url: string, params: Record<string, unknown>, headers: Record<string, string>) =>
        send(url, { method: 'POST', headers, body: JSON.stringify(params) }),
      get: (url: string, headers: Record<string, string>) => send(url, { method: 'GET', headers }),
      upload: async () => ({ status: 501 }),
    }
    pay.createHttp(transport)
  })
  afterAll(async () => {
    await sim.stop()
    await receiver.close()
  })

  const verifyLast = () =>
    pay.verifySign({
      timestamp: last.headers.get('wechatpay-timestamp') ?? '',
      nonce: last.headers.get('wechatpay-nonce') ?? '',
      body: last.text,
      serial: last.headers.get('wechatpay-serial') ?? '',
      signature: last.headers.get('wechatpay-signature') ?? '',
      apiSecret: sim.control.payKeys().apiV3Key,
    })

  it('should place a JSAPI order whose response and paySign verify', async () => {
    const res = await pay.transactions_jsapi({
      description: '村集体卫生费',
      out_trade_no: 'LIB0000001',
      notify_url: receiver.url,
      amount: { total: 100, currency: 'CNY' },
      payer: { openid },
    })
    expect(res.status).toBe(200)
    // verifySign fetches /v3/certificates through the transport, decrypts and parses the certificate.
    expect(await verifyLast()).toBe(true)
    const data = res.data as {
      appId: string
      timeStamp: string
      nonceStr: string
      package: string
      paySign: string
    }
    expect(data.package).toMatch(/^prepay_id=wx/)
    const message = `${data.appId}\n${data.timeStamp}\n${data.nonceStr}\n${data.package}\n`
    const merchantKey = createPublicKey(sim.control.payKeys().merchantPublicKeyPem)
    expect(verify('RSA-SHA256', Buffer.from(message), merchantKey, Buffer.from(data.paySign, 'base64'))).toBe(
      true,
    )
    const page = await fetch(
      `${sim.baseUrl}/__sim/pay?${new URLSearchParams({ ...data, signType: 'RSA' }).toString()}`,
    ).then((r) => r.text())
    expect(page).toContain('确认支付')
  })

  it('should query and close orders', async () => {
    const q = await pay.query({ out_trade_no: 'LIB0000001' })
    expect(q.status).toBe(200)
    expect((q.data as { trade_state: string }).trade_state).toBe('NOTPAY')
    expect(await verifyLast()).toBe(true)
    await pay.transactions_jsapi({
      description: '待关闭',
      out_trade_no: 'LIB0000002',
      notify_url: receiver.url,
      amount: { total: 100, currency: 'CNY' },
      payer: { openid },
    })
    const closed = await pay.close('LIB0000002')
    expect(closed.status).toBe(204)
    expect(await verifyLast()).toBe(true)
  })

  it('should deliver a callback that verifySign accepts and decipher_gcm opens, and a SIGNTEST it rejects', async () => {
    sim.control.payOrder('LIB0000001')
    await sim.control.waitForNotification({ outTradeNo: 'LIB0000001' })
    const got = receiver.received.at(-1)
    const h = got?.headers ?? {}
    const ok = await pay.verifySign({
      timestamp: String(h['wechatpay-timestamp']),
      nonce: String(h['wechatpay-nonce']),
      body: got?.body ?? '',
      serial: String(h['wechatpay-serial']),
      signature: String(h['wechatpay-signature']),
    })
    expect(ok).toBe(true)
    const env = JSON.parse(got?.body ?? '{}') as {
      resource: { ciphertext: string; associated_data: string; nonce: string }
    }
    const txn = pay.decipher_gcm<{ trade_state: string; out_trade_no: string }>(
      env.resource.ciphertext,
      env.resource.associated_data,
      env.resource.nonce,
    )
    expect(txn).toMatchObject({ trade_state: 'SUCCESS', out_trade_no: 'LIB0000001' })

    sim.control.sendNotificationProbe(receiver.url, 'signtest', 'LIB0000001')
    await sim.control.waitForNotification({ outTradeNo: 'LIB0000001', eventType: 'TRANSACTION.SUCCESS' })
    await new Promise((r) => setTimeout(r, 50))
    const probe = receiver.received.at(-1)
    const ph = probe?.headers ?? {}
    const probeOk = await pay.verifySign({
      timestamp: String(ph['wechatpay-timestamp']),
      nonce: String(ph['wechatpay-nonce']),
      body: probe?.body ?? '',
      serial: String(ph['wechatpay-serial']),
      signature: String(ph['wechatpay-signature']),
    })
    expect(probeOk).toBe(false)
  })

  it('should refund and query the refund', async () => {
    const r = await pay.refunds({
      out_trade_no: 'LIB0000001',
      out_refund_no: 'LIBR000001',
      amount: { refund: 100, total: 100, currency: 'CNY' },
    })
    expect(r.status).toBe(200)
    expect(await verifyLast()).toBe(true)
    const f = await pay.find_refunds('LIBR000001')
    expect((f.data as { status: string }).status).toBe('PROCESSING')
  })

  it('should apply for and download a trade bill', async () => {
    const paidAt = sim.control.orders().find((o) => o.outTradeNo === 'LIB0000001')?.successAt ?? 0
    const billDate = new Date(paidAt + 8 * 3600_000).toISOString().slice(0, 10)
    sim.control.advanceClock(2 * 24 * 3600_000)
    const apply = await pay.tradebill({ bill_date: billDate, bill_type: 'ALL' })
    expect(apply.status).toBe(200)
    expect(await verifyLast()).toBe(true)
    const info = apply.data as { download_url: string; hash_value: string }
    // The library strips the real host before signing, so the simulator hands out real-host URLs.
    expect(info.download_url.startsWith(REAL_HOST)).toBe(true)
    const file = await pay.downloadBill(info.download_url)
    expect(file.status).toBe(200)
    expect(file.data).toBeInstanceOf(Buffer)
    expect(
      createHash('sha1')
        .update(Buffer.from(file.data as Buffer))
        .digest('hex'),
    ).toBe(info.hash_value)
  })
})
