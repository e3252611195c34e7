import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWechatSim, type WechatSim } from '../sim'
import { decryptResource, responseMessage, rsaVerify } from './crypto'
import type { PayKeyMaterial } from './keys'
import { NOTIFY_RETRY_SCHEDULE_S } from './notifier'
import { payCall, startReceiver } from './pay-test-client'

const APP = { appid: 'wxaaaaaaaaaaaaaaaa', secret: 'secret-a' }
const DAY = 24 * 3600_000

describe('WeChat Pay v3', () => {
  let sim: WechatSim
  let keys: PayKeyMaterial
  let receiver: Awaited<ReturnType<typeof startReceiver>>
  let now = Date.parse('2024-10-08T10:00:00+08:00')
  let openid = ''
  beforeEach(async () => {
    now = Date.parse('2024-10-08T10:00:00+08:00')
    receiver = await startReceiver()
    sim = await startWechatSim({
      apps: [APP],
      now: () => now,
      timeScale: 0.001,
      pay: { timestampWindowSeconds: 0, refundSettleSeconds: null },
    })
    keys = sim.control.payKeys()
    openid = sim.control.openidOf('zhang')
  })
  afterEach(async () => {
    await sim.stop()
    await receiver.close()
  })

  const call = (method: 'GET' | 'POST', url: string, body?: unknown, headers?: Record<string, string>) =>
    payCall(sim.payBaseUrl, keys, method, url, body, headers)
  const order = (outTradeNo: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/v3/pay/transactions/jsapi', {
      appid: APP.appid,
      mchid: keys.mchid,
      description: '2024年村集体卫生费',
      out_trade_no: outTradeNo,
      notify_url: receiver.url,
      attach: 'charge:42',
      amount: { total: 1200, currency: 'CNY' },
      payer: { openid },
      ...extra,
    })

  describe('POST /v3/pay/transactions/jsapi', () => {
    it('should create an order and return a signed prepay_id', async () => {
      const res = await order('T20241008001')
      expect(res.status).toBe(200)
      expect(res.verified).toBe(true)
      expect(res.headers.get('wechatpay-serial')).toBe(keys.platformSerial)
      expect(res.body.prepay_id).toMatch(/^wx\d{14}[0-9a-f]+$/)
    })

    it('should return the same prepay_id for the same parameters and 403 OUT_TRADE_NO_USED for different ones', async () => {
      const a = await order('T20241008001')
      const b = await order('T20241008001')
      expect(b.body.prepay_id).toBe(a.body.prepay_id)
      const c = await order('T20241008001', { amount: { total: 1300, currency: 'CNY' } })
      expect(c.status).toBe(403)
      expect(c.body.code).toBe('OUT_TRADE_NO_USED')
    })

    it('should answer 400 PARAM_ERROR with the field for invalid input', async () => {
      const res = await order('T1', {})
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ code: 'PARAM_ERROR', detail: { field: '/out_trade_no' } })
      expect((await order('T20241008002', { amount: { total: 0 } })).body.detail).toMatchObject({
        field: '/amount/total',
      })
      expect((await order('T20241008002', { payer: {} })).body.detail).toMatchObject({
        field: '/payer/openid',
      })
      expect((await order('T20241008002', { notify_url: `${receiver.url}?x=1` })).body.code).toBe(
        'PARAM_ERROR',
      )
      expect((await order('T20241008002', { payer: { openid: 'oStranger' } })).body.code).toBe('PARAM_ERROR')
    })

    it('should answer APPID_MCHID_NOT_MATCH and MCH_NOT_EXISTS', async () => {
      expect((await order('T20241008002', { appid: 'wxother' })).body.code).toBe('APPID_MCHID_NOT_MATCH')
      expect((await order('T20241008002', { mchid: '1' })).body.code).toBe('MCH_NOT_EXISTS')
    })
  })

  describe('request signatures', () => {
    it('should answer 401 SIGN_ERROR for a missing, forged or mis-serialled Authorization', async () => {
      const missing = await fetch(
        `${sim.payBaseUrl}/v3/pay/transactions/out-trade-no/X123456?mchid=${keys.mchid}`,
      )
      expect(missing.status).toBe(401)
      expect(((await missing.json()) as { code: string }).code).toBe('SIGN_ERROR')
      const forged = await payCall(
        sim.payBaseUrl,
        { ...keys, merchantPrivateKeyPem: keys.merchantPrivateKeyPem.replace(/./g, (c) => c) },
        'GET',
        `/v3/pay/transactions/out-trade-no/X123456?mchid=${keys.mchid}`,
      )
      expect(forged.status).toBe(404)
      // Signing one URL and sending another breaks the signature.
      const auth = (await import('./crypto')).buildAuthorization({
        mchid: keys.mchid,
        serialNo: keys.merchantSerial,
        privateKey: keys.merchantPrivateKeyPem,
        method: 'GET',
        url: '/v3/pay/transactions/out-trade-no/OTHER01?mchid=1',
        body: '',
      })
      const bad = await fetch(
        `${sim.payBaseUrl}/v3/pay/transactions/out-trade-no/X123456?mchid=${keys.mchid}`,
        {
          headers: { authorization: auth },
        },
      )
      expect(bad.status).toBe(401)
      const wrongSerial = await payCall(
        sim.payBaseUrl,
        { ...keys, merchantSerial: '00AA' },
        'GET',
        '/v3/certificates',
      )
      expect(wrongSerial.status).toBe(401)
      expect(wrongSerial.verified).toBe(true)
    })

    it('should reject stale timestamps when the window is on', async () => {
      const strict = await startWechatSim({ apps: [APP], now: () => Date.now() + 10 * 60_000 })
      try {
        const k = strict.control.payKeys()
        const res = await payCall(strict.payBaseUrl, k, 'GET', '/v3/certificates')
        expect(res.status).toBe(401)
        expect(res.body.message).toBe('请求时间戳已过期')
      } finally {
        await strict.stop()
      }
    })

    it('should sign with the 微信支付公钥 when asked by Wechatpay-Serial or mode, and refuse unknown serials', async () => {
      const byHeader = await call('GET', '/v3/certificates', undefined, {
        'wechatpay-serial': keys.publicKeyId,
      })
      expect(byHeader.headers.get('wechatpay-serial')).toBe(keys.platformSerial)
      const q = await call(
        'GET',
        `/v3/pay/transactions/out-trade-no/NONE0001?mchid=${keys.mchid}`,
        undefined,
        {
          'wechatpay-serial': keys.publicKeyId,
        },
      )
      expect(q.headers.get('wechatpay-serial')).toBe(keys.publicKeyId)
      expect(q.verified).toBe(true)
      sim.control.setPayMode('public_key')
      const m = await call('GET', `/v3/pay/transactions/out-trade-no/NONE0001?mchid=${keys.mchid}`)
      expect(m.headers.get('wechatpay-serial')).toBe(keys.publicKeyId)
      const unknown = await call(
        'GET',
        `/v3/pay/transactions/out-trade-no/NONE0001?mchid=${keys.mchid}`,
        undefined,
        {
          'wechatpay-serial': 'PUB_KEY_ID_999',
        },
      )
      expect(unknown.status).toBe(400)
      expect(unknown.body.code).toBe('INVALID_REQUEST')
    })
  })

  describe('query, pay and close', () => {
    it('should report NOTPAY, then SUCCESS with payer and transaction_id after payment', async () => {
      await order('T20241008001')
      const before = await call('GET', `/v3/pay/transactions/out-trade-no/T20241008001?mchid=${keys.mchid}`)
      expect(before.body).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 1200 } })
      expect(before.body.transaction_id).toBeUndefined()
      expect(before.body.payer).toBeUndefined()
      const paid = sim.control.payOrder('T20241008001')
      const after = await call('GET', `/v3/pay/transactions/out-trade-no/T20241008001?mchid=${keys.mchid}`)
      expect(after.body).toMatchObject({
        trade_state: 'SUCCESS',
        trade_type: 'JSAPI',
        transaction_id: paid.transactionId,
        success_time: '2024-10-08T10:00:00+08:00',
        payer: { openid },
        attach: 'charge:42',
        amount: { total: 1200, payer_total: 1200, currency: 'CNY' },
      })
      const byId = await call(
        'GET',
        `/v3/pay/transactions/id/${paid.transactionId ?? ''}?mchid=${keys.mchid}`,
      )
      expect(byId.body.out_trade_no).toBe('T20241008001')
      expect((await order('T20241008001')).body.code).toBe('ORDERPAID')
    })

    it('should answer 404 ORDER_NOT_EXIST and 400 for a missing mchid', async () => {
      const res = await call('GET', `/v3/pay/transactions/out-trade-no/NONE0001?mchid=${keys.mchid}`)
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('ORDER_NOT_EXIST')
      expect((await call('GET', '/v3/pay/transactions/out-trade-no/NONE0001')).status).toBe(400)
    })

    it('should close with a signed 204 and refuse to reopen or pay a closed order', async () => {
      await order('T20241008003')
      const res = await call('POST', '/v3/pay/transactions/out-trade-no/T20241008003/close', {
        mchid: keys.mchid,
      })
      expect(res.status).toBe(204)
      expect(res.text).toBe('')
      expect(res.verified).toBe(true)
      expect((await order('T20241008003')).body.code).toBe('ORDER_CLOSED')
      expect(() => sim.control.payOrder('T20241008003')).toThrow(/CLOSED/)
      const q = await call('GET', `/v3/pay/transactions/out-trade-no/T20241008003?mchid=${keys.mchid}`)
      expect(q.body.trade_state).toBe('CLOSED')
    })

    it('should not close a paid order', async () => {
      await order('T20241008004')
      sim.control.payOrder('T20241008004')
      const res = await call('POST', '/v3/pay/transactions/out-trade-no/T20241008004/close', {
        mchid: keys.mchid,
      })
      expect(res.body.code).toBe('ORDERPAID')
    })

    it('should not pay an order past its time_expire', async () => {
      await order('T20241008005', { time_expire: '2024-10-08T10:30:00+08:00' })
      now += 31 * 60_000
      expect(() => sim.control.payOrder('T20241008005')).toThrow(/expired/)
    })
  })

  describe('payment callbacks', () => {
    it('should post an encrypted, signed TRANSACTION.SUCCESS to notify_url', async () => {
      await order('T20241008001')
      sim.control.payOrder('T20241008001')
      const record = await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
      expect(record.state).toBe('delivered')
      const got = receiver.received[0]
      expect(got).toBeDefined()
      const h = got?.headers ?? {}
      expect(h['wechatpay-signature-type']).toBe('WECHATPAY2-SHA256-RSA2048')
      expect(h['wechatpay-serial']).toBe(keys.platformSerial)
      const message = responseMessage(
        String(h['wechatpay-timestamp']),
        String(h['wechatpay-nonce']),
        got?.body ?? '',
      )
      expect(rsaVerify(message, String(h['wechatpay-signature']), keys.platformPublicKeyPem)).toBe(true)
      const envelope = JSON.parse(got?.body ?? '{}') as {
        event_type: string
        resource: { ciphertext: string; nonce: string; associated_data: string; original_type: string }
      }
      expect(envelope.event_type).toBe('TRANSACTION.SUCCESS')
      expect(envelope.resource.original_type).toBe('transaction')
      expect(envelope.resource.nonce).toHaveLength(12)
      const txn = JSON.parse(decryptResource(keys.apiV3Key, envelope.resource)) as Record<string, unknown>
      expect(txn).toMatchObject({ out_trade_no: 'T20241008001', trade_state: 'SUCCESS', payer: { openid } })
    })

    it('should sign callbacks with the public key in public_key mode', async () => {
      sim.control.setPayMode('public_key')
      await order('T20241008001')
      sim.control.payOrder('T20241008001')
      await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
      const h = receiver.received[0]?.headers ?? {}
      expect(h['wechatpay-serial']).toBe(keys.publicKeyId)
      const message = responseMessage(
        String(h['wechatpay-timestamp']),
        String(h['wechatpay-nonce']),
        receiver.received[0]?.body ?? '',
      )
      expect(rsaVerify(message, String(h['wechatpay-signature']), keys.wechatpayPublicKeyPem)).toBe(true)
    })

    it('should retry on the (compressed) schedule until the merchant answers 200', async () => {
      const flaky = await startReceiver((n) => (n < 3 ? 500 : 200))
      try {
        await order('T20241008001', { notify_url: flaky.url })
        sim.control.payOrder('T20241008001')
        const record = await sim.control.waitForNotification({
          outTradeNo: 'T20241008001',
          state: 'delivered',
        })
        expect(record.attempts.map((a) => a.status)).toEqual([500, 500, 200])
        expect(new Set(flaky.received.map((r) => r.body)).size).toBe(1)
      } finally {
        await flaky.close()
      }
    })

    it('should document a 15-retry schedule of 24h4m in total', () => {
      expect(NOTIFY_RETRY_SCHEDULE_S).toHaveLength(15)
      expect(NOTIFY_RETRY_SCHEDULE_S.reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60)
    })

    it('should give up after the schedule is exhausted', async () => {
      const down = await startReceiver(() => 503)
      const quick = await startWechatSim({
        apps: [APP],
        timeScale: 0.001,
        pay: { notifyRetrySchedule: [15, 15, 30] },
      })
      try {
        const k = quick.control.payKeys()
        await payCall(quick.payBaseUrl, k, 'POST', '/v3/pay/transactions/jsapi', {
          appid: APP.appid,
          mchid: k.mchid,
          description: '测试',
          out_trade_no: 'DOWN000001',
          notify_url: down.url,
          amount: { total: 100 },
          payer: { openid: quick.control.openidOf('li') },
        })
        quick.control.payOrder('DOWN000001')
        const record = await quick.control.waitForNotification({ outTradeNo: 'DOWN000001', state: 'failed' })
        expect(record.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503])
      } finally {
        await quick.stop()
        await down.close()
      }
    })

    it('should send duplicates, in parallel when asked', async () => {
      await order('T20241008001')
      sim.control.payOrder('T20241008001', { duplicates: 2, parallel: true })
      const record = await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
      expect(record.attempts).toHaveLength(3)
      expect(receiver.received).toHaveLength(3)
      expect(new Set(receiver.received.map((r) => JSON.parse(r.body).id as string)).size).toBe(1)
    })

    it('should send SIGNTEST probes and tampered callbacks without retrying them', async () => {
      await order('T20241008001')
      sim.control.payOrder('T20241008001')
      await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
      const failing = await startReceiver(() => 401)
      try {
        const probe = sim.control.sendNotificationProbe(failing.url)
        await sim.control.waitForNotification({ eventType: 'TRANSACTION.SUCCESS', state: 'failed' })
        expect(probe.attempts).toHaveLength(1)
        const h = failing.received[0]?.headers ?? {}
        expect(String(h['wechatpay-signature'])).toMatch(/^WECHATPAY\/SIGNTEST\//)
        const message = responseMessage(
          String(h['wechatpay-timestamp']),
          String(h['wechatpay-nonce']),
          failing.received[0]?.body ?? '',
        )
        expect(rsaVerify(message, String(h['wechatpay-signature']), keys.platformPublicKeyPem)).toBe(false)
        sim.control.sendNotificationProbe(failing.url, 'bad_tag', 'T20241008001')
        await new Promise((r) => setTimeout(r, 100))
        const tampered = failing.received[1]
        const env = JSON.parse(tampered?.body ?? '{}') as {
          resource: { ciphertext: string; nonce: string; associated_data: string }
        }
        expect(() => decryptResource(keys.apiV3Key, env.resource)).toThrow()
        const th = tampered?.headers ?? {}
        expect(
          rsaVerify(
            responseMessage(
              String(th['wechatpay-timestamp']),
              String(th['wechatpay-nonce']),
              tampered?.body ?? '',
            ),
            String(th['wechatpay-signature']),
            keys.platformPublicKeyPem,
          ),
        ).toBe(true)
      } finally {
        await failing.close()
      }
    })

    it('should pay through the control API over HTTP with a stale timestamp', async () => {
      await order('T20241008001')
      const res = await fetch(`${sim.baseUrl}/__sim/pay/orders/T20241008001/pay`, {
        method: 'POST',
        body: JSON.stringify({ tamper: 'stale_timestamp' }),
      })
      expect(res.status).toBe(200)
      await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
      const ts = Number(receiver.received[0]?.headers['wechatpay-timestamp'])
      expect(Math.floor(now / 1000) - ts).toBe(3600)
    })
  })

  describe('refunds', () => {
    const refund = (outRefundNo: string, amount: number, extra: Record<string, unknown> = {}) =>
      call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: 'T20241008001',
        out_refund_no: outRefundNo,
        reason: '重复缴费',
        notify_url: receiver.url,
        amount: { refund: amount, total: 1200, currency: 'CNY' },
        ...extra,
      })

    beforeEach(async () => {
      await order('T20241008001')
      sim.control.payOrder('T20241008001')
      await sim.control.waitForNotification({ outTradeNo: 'T20241008001' })
    })

    it('should accept a refund as PROCESSING, settle it with a REFUND.SUCCESS callback, and query it', async () => {
      const res = await refund('R20241008001', 500)
      expect(res.status).toBe(200)
      expect(res.verified).toBe(true)
      expect(res.body).toMatchObject({
        status: 'PROCESSING',
        out_refund_no: 'R20241008001',
        amount: { refund: 500, total: 1200 },
      })
      const q = await call('GET', `/v3/pay/transactions/out-trade-no/T20241008001?mchid=${keys.mchid}`)
      expect(q.body.trade_state).toBe('REFUND')
      sim.control.settleRefund('R20241008001')
      const record = await sim.control.waitForNotification({ outRefundNo: 'R20241008001' })
      expect(record.eventType).toBe('REFUND.SUCCESS')
      const env = JSON.parse(record.body) as {
        resource: { ciphertext: string; nonce: string; associated_data: string }
      }
      expect(env.resource.associated_data).toBe('refund')
      const plain = JSON.parse(decryptResource(keys.apiV3Key, env.resource)) as Record<string, unknown>
      expect(plain).toMatchObject({
        refund_status: 'SUCCESS',
        out_refund_no: 'R20241008001',
        amount: { refund: 500 },
      })
      const rq = await call('GET', '/v3/refund/domestic/refunds/R20241008001')
      expect(rq.body.status).toBe('SUCCESS')
    })

    it('should be idempotent per out_refund_no and refuse a conflicting repeat', async () => {
      const a = await refund('R20241008001', 500)
      const b = await refund('R20241008001', 500)
      expect(b.body.refund_id).toBe(a.body.refund_id)
      expect((await refund('R20241008001', 600)).body.code).toBe('INVALID_REQUEST')
    })

    it('should refuse refunds over the total, within a minute of another, or of unknown orders', async () => {
      expect((await refund('R20241008001', 1300)).body.code).toBe('INVALID_REQUEST')
      await refund('R20241008002', 600)
      const tooSoon = await refund('R20241008003', 100)
      expect(tooSoon.status).toBe(429)
      now += 61_000
      expect((await refund('R20241008003', 600)).status).toBe(200)
      now += 61_000
      expect((await refund('R20241008004', 1)).body.code).toBe('INVALID_REQUEST')
      const unknown = await refund('R20241008005', 1, { out_trade_no: 'NOPE000001' })
      expect(unknown.status).toBe(404)
      expect(unknown.body.code).toBe('RESOURCE_NOT_EXISTS')
      expect((await call('GET', '/v3/refund/domestic/refunds/NOPE')).body.code).toBe('RESOURCE_NOT_EXISTS')
    })

    it('should settle refunds by itself after refundSettleSeconds', async () => {
      const auto = await startWechatSim({ apps: [APP], timeScale: 0.001, pay: { refundSettleSeconds: 5 } })
      try {
        const k = auto.control.payKeys()
        const oid = auto.control.openidOf('li')
        await payCall(auto.payBaseUrl, k, 'POST', '/v3/pay/transactions/jsapi', {
          appid: APP.appid,
          mchid: k.mchid,
          description: '测试',
          out_trade_no: 'AUTO000001',
          notify_url: receiver.url,
          amount: { total: 100 },
          payer: { openid: oid },
        })
        auto.control.payOrder('AUTO000001')
        await payCall(auto.payBaseUrl, k, 'POST', '/v3/refund/domestic/refunds', {
          out_trade_no: 'AUTO000001',
          out_refund_no: 'RAUTO00001',
          amount: { refund: 100, total: 100, currency: 'CNY' },
        })
        await new Promise((r) => setTimeout(r, 50))
        expect(auto.control.refunds()[0]?.status).toBe('SUCCESS')
      } finally {
        await auto.stop()
      }
    })
  })

  describe('trade bills', () => {
    const paidOrder = async (no: string, total: number) => {
      await order(no, { amount: { total, currency: 'CNY' } })
      sim.control.payOrder(no)
    }
    const download = async (url: string) => {
      const path = url.replace('https://api.mch.weixin.qq.com', '')
      const auth = (await import('./crypto')).buildAuthorization({
        mchid: keys.mchid,
        serialNo: keys.merchantSerial,
        privateKey: keys.merchantPrivateKeyPem,
        method: 'GET',
        url: path,
        body: '',
      })
      const res = await fetch(`${sim.payBaseUrl}${path}`, { headers: { authorization: auth } })
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers }
    }

    it('should not have a bill before 09:00 of the next day', async () => {
      await paidOrder('T20241008001', 1200)
      const res = await call('GET', '/v3/bill/tradebill?bill_date=2024-10-08')
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('NO_STATEMENT_EXIST')
    })

    it('should produce a backticked CSV with the documented header, summary and SHA1 hash', async () => {
      await paidOrder('T20241008001', 1200)
      await paidOrder('T20241008002', 3050)
      now += 60_000
      await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: 'T20241008001',
        out_refund_no: 'R20241008001',
        amount: { refund: 200, total: 1200, currency: 'CNY' },
      })
      sim.control.settleRefund('R20241008001')
      now += DAY
      const apply = await call('GET', '/v3/bill/tradebill?bill_date=2024-10-08&bill_type=ALL')
      expect(apply.status).toBe(200)
      expect(apply.verified).toBe(true)
      expect(apply.body.hash_type).toBe('SHA1')
      expect(String(apply.body.download_url)).toMatch(
        /^https:\/\/api\.mch\.weixin\.qq\.com\/v3\/billdownload\/file\?token=/,
      )
      const file = await download(String(apply.body.download_url))
      expect(file.status).toBe(200)
      expect(file.headers.get('wechatpay-signature')).toBeNull()
      expect(createHash('sha1').update(file.bytes).digest('hex')).toBe(apply.body.hash_value)
      const lines = file.bytes.toString('utf8').trimEnd().split('\r\n')
      expect(lines[0]).toMatch(/^交易时间,公众账号ID,商户号,特约商户号/)
      expect(lines).toHaveLength(6)
      expect(lines[1]).toContain('`T20241008001,')
      expect(lines[1]).toContain('`12.00,')
      expect(lines[3]).toContain('`REFUND,')
      expect(lines[4]).toBe(
        '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      )
      expect(lines[5]).toBe('`3,`42.50,`2.00,`0.00,`0.24,`42.50,`2.00')
    })

    it('should gzip with tar_type=GZIP and expire the download after 5 minutes', async () => {
      await paidOrder('T20241008001', 1200)
      now += DAY
      const apply = await call(
        'GET',
        '/v3/bill/tradebill?bill_date=2024-10-08&bill_type=SUCCESS&tar_type=GZIP',
      )
      const file = await download(String(apply.body.download_url))
      expect(createHash('sha1').update(file.bytes).digest('hex')).toBe(apply.body.hash_value)
      expect(gunzipSync(file.bytes).toString('utf8')).toContain(
        '总交易单数,应结订单总金额,手续费总金额,订单总金额',
      )
      now += 301_000
      expect((await download(String(apply.body.download_url))).status).toBe(400)
    })

    it('should apply injected differences: missing, extra and amount', async () => {
      await paidOrder('T20241008001', 1200)
      await paidOrder('T20241008002', 800)
      sim.control.injectBillDifference({ kind: 'missing', outTradeNo: 'T20241008001' })
      sim.control.injectBillDifference({ kind: 'amount', outTradeNo: 'T20241008002', amountFen: 900 })
      sim.control.injectBillDifference({
        kind: 'extra',
        billDate: '2024-10-08',
        amountFen: 500,
        outTradeNo: 'GHOST00001',
      })
      now += DAY
      const apply = await call('GET', '/v3/bill/tradebill?bill_date=2024-10-08')
      const text = (await download(String(apply.body.download_url))).bytes.toString('utf8')
      expect(text).not.toContain('T20241008001')
      expect(text).toContain('`T20241008002,')
      expect(text).toContain('`9.00,')
      expect(text).toContain('`GHOST00001,')
    })

    it('should answer PARAM_ERROR for a bad bill_date or bill_type', async () => {
      expect((await call('GET', '/v3/bill/tradebill?bill_date=20241008')).body.code).toBe('PARAM_ERROR')
      expect((await call('GET', '/v3/bill/tradebill?bill_date=2024-10-08&bill_type=NOPE')).body.code).toBe(
        'PARAM_ERROR',
      )
    })
  })

  describe('GET /v3/certificates', () => {
    it('should return the platform certificate encrypted with the APIv3 key', async () => {
      const res = await call('GET', '/v3/certificates')
      expect(res.verified).toBe(true)
      const data = res.body.data as {
        serial_no: string
        encrypt_certificate: { ciphertext: string; nonce: string; associated_data: string }
      }[]
      expect(data[0]?.serial_no).toBe(keys.platformSerial)
      const pem = decryptResource(
        keys.apiV3Key,
        data[0]?.encrypt_certificate ?? { ciphertext: '', nonce: '' },
      )
      expect(pem).toBe(keys.platformCertificatePem)
    })
  })
})
