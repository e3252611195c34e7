import { createCipheriv, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { buildConfig, ConfigError, loadConfig } from '../config'
import { createSignatureVerifier, decryptResource } from './wechat-pay.callback'
import { rfc3339Cst } from './wechat-pay.client'

const KEY = 'cunwuTestApiV3Key0123456789abcde'

function encrypt(plain: string, nonce = 'abcdef123456', aad = 'transaction') {
  const c = createCipheriv('aes-256-gcm', Buffer.from(KEY), Buffer.from(nonce))
  c.setAAD(Buffer.from(aad))
  return {
    ciphertext: Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]).toString('base64'),
    nonce,
    associated_data: aad,
  }
}

describe('decryptResource', () => {
  it('should open a resource and refuse a tampered tag, ciphertext or associated data', () => {
    const r = encrypt('{"out_trade_no":"P1"}')
    expect(decryptResource(KEY, r)).toBe('{"out_trade_no":"P1"}')
    const raw = Buffer.from(r.ciphertext, 'base64')
    const badTag = Buffer.from(raw)
    badTag[badTag.length - 1] = (badTag[badTag.length - 1] ?? 0) ^ 1
    expect(() => decryptResource(KEY, { ...r, ciphertext: badTag.toString('base64') })).toThrow()
    const badText = Buffer.from(raw)
    badText[0] = (badText[0] ?? 0) ^ 1
    expect(() => decryptResource(KEY, { ...r, ciphertext: badText.toString('base64') })).toThrow()
    expect(() => decryptResource(KEY, { ...r, associated_data: 'refund' })).toThrow()
  })
})

describe('createSignatureVerifier', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  const now = 1_780_000_000_000
  const check = createSignatureVerifier(
    { '5157F09EFDC096DE15EBE81A47057A7232F1B8E1': pem, PUB_KEY_ID_0114232134912410000000000000: pem },
    () => now,
  )
  const signed = (ts: number, body: string) =>
    sign('RSA-SHA256', Buffer.from(`${ts}\nnonce1\n${body}\n`), privateKey).toString('base64')

  it('should accept a fresh signature by either key id, serials in any case', () => {
    const ts = now / 1000
    expect(
      check(
        {
          timestamp: String(ts),
          nonce: 'nonce1',
          serial: '5157f09efdc096de15ebe81a47057a7232f1b8e1',
          signature: signed(ts, '{}'),
        },
        '{}',
      ),
    ).toBeNull()
    expect(
      check(
        {
          timestamp: String(ts),
          nonce: 'nonce1',
          serial: 'PUB_KEY_ID_0114232134912410000000000000',
          signature: signed(ts, '{}'),
        },
        '{}',
      ),
    ).toBeNull()
  })

  it('should refuse stale timestamps, unknown serials, other bodies and SIGNTEST probes', () => {
    const ts = now / 1000
    expect(
      check(
        {
          timestamp: String(ts - 301),
          nonce: 'nonce1',
          serial: 'PUB_KEY_ID_0114232134912410000000000000',
          signature: signed(ts - 301, '{}'),
        },
        '{}',
      ),
    ).toBe('stale_timestamp')
    expect(
      check({ timestamp: String(ts), nonce: 'nonce1', serial: 'ABCDEF', signature: signed(ts, '{}') }, '{}'),
    ).toBe('unknown_serial')
    expect(
      check(
        {
          timestamp: String(ts),
          nonce: 'nonce1',
          serial: 'PUB_KEY_ID_0114232134912410000000000000',
          signature: signed(ts, '{}'),
        },
        '{ }',
      ),
    ).toBe('bad_signature')
    expect(
      check(
        {
          timestamp: String(ts),
          nonce: 'nonce1',
          serial: 'PUB_KEY_ID_0114232134912410000000000000',
          signature: 'WECHATPAY/SIGNTEST/abc',
        },
        '{}',
      ),
    ).toBe('signtest_probe')
    expect(check({ timestamp: '', nonce: 'nonce1', serial: 'x', signature: 'y' }, '{}')).toBe(
      'missing_headers',
    )
  })
})

describe('pay configuration', () => {
  it('should require the whole key set once a merchant id is given in real mode', () => {
    const env = {
      NODE_ENV: 'test',
      WECHAT_MODE: 'real',
      WECHAT_APPID: 'wx0123456789abcdef',
      WECHAT_SECRET: 'secret-secret-secret',
      JWT_SECRET: 'x'.repeat(40),
      WECHAT_PAY_MCHID: '1900000001',
    }
    try {
      loadConfig(env)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      const problems = err instanceof ConfigError ? err.problems.join('\n') : ''
      for (const key of [
        'WECHAT_PAY_SERIAL',
        'WECHAT_PAY_PRIVATE_KEY',
        'WECHAT_PAY_APIV3_KEY',
        'WECHAT_PAY_NOTIFY_BASE',
        'WECHAT_PAY_PLATFORM_CERT',
      ])
        expect(problems).toContain(key)
    }
    expect(() => buildConfig({ WECHAT_PAY_APIV3_KEY: 'short' })).toThrow(ConfigError)
    expect(buildConfig().PAY_ORDER_TTL_MINUTES).toBe(30)
  })

  it('should write times as RFC 3339 in China Standard Time', () => {
    expect(rfc3339Cst(new Date('2026-06-08T02:34:56Z'))).toBe('2026-06-08T10:34:56+08:00')
  })
})
