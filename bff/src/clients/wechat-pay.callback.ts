import { createDecipheriv, createPublicKey, verify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/**
 * WeChat Pay v3 callbacks (支付通知, 退款通知): the signature is checked within a 300 s window with the key named by
 * `Wechatpay-Serial` (a platform certificate serial or a 微信支付公钥 id PUB_KEY_ID_…), then the resource is
 * decrypted with AES-256-GCM and its tag checked (wechatpay-node-v3's decipher_gcm skips the tag). The same
 * signature check verifies the answers of WeChat Pay's API (wechat-pay.client.ts).
 */

/** Largest accepted distance between a signed timestamp and our clock (what the official SDKs use). */
export const SIGNATURE_WINDOW_SECONDS = 300

/** A verified, decrypted callback. */
export interface VerifiedCallback {
  id: string
  eventType: string
  serial: string
  resourceType: string
  resource: Record<string, unknown>
}

/** Why a callback was refused (logged; the answer to WeChat is a FAIL). */
export type CallbackRejection =
  | 'missing_headers'
  | 'signtest_probe'
  | 'stale_timestamp'
  | 'unknown_serial'
  | 'bad_signature'
  | 'bad_body'
  | 'decrypt_failed'

/** The value as a plain record (a copy), or null. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : null
}

/** The value when it is a string, else ''. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** AES-256-GCM decryption of a WeChat Pay resource; throws when the tag (or key, nonce, AAD) does not check. */
export function decryptResource(
  apiV3Key: string,
  resource: { ciphertext: string; nonce: string; associated_data: string },
): string {
  const raw = Buffer.from(resource.ciphertext, 'base64')
  if (raw.length <= 16) throw new Error('ciphertext too short')
  const decipher = createDecipheriv(
    'aes-256-gcm',
    Buffer.from(apiV3Key, 'utf8'),
    Buffer.from(resource.nonce, 'utf8'),
  )
  decipher.setAuthTag(raw.subarray(raw.length - 16))
  decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'))
  // final() is what authenticates: without it a forged ciphertext decrypts to garbage unnoticed.
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8')
}

/** Verifies WeChat Pay signatures (responses and callbacks) with keys chosen by `Wechatpay-Serial`. */
export function createSignatureVerifier(platformKeys: Record<string, string>, now: () => number) {
  const keys = new Map<string, KeyObject>()
  for (const [serial, pem] of Object.entries(platformKeys))
    keys.set(normaliseSerial(serial), createPublicKey(pem))
  return function check(
    h: { timestamp: string; nonce: string; serial: string; signature: string },
    body: string,
  ): CallbackRejection | null {
    if (!h.timestamp || !h.nonce || !h.serial || !h.signature) return 'missing_headers'
    if (h.signature.startsWith('WECHATPAY/SIGNTEST')) return 'signtest_probe'
    const ts = Number(h.timestamp)
    if (!/^\d{1,12}$/.test(h.timestamp) || Math.abs(now() / 1000 - ts) > SIGNATURE_WINDOW_SECONDS)
      return 'stale_timestamp'
    const key = keys.get(normaliseSerial(h.serial))
    if (!key) return 'unknown_serial'
    const ok = verify(
      'RSA-SHA256',
      Buffer.from(`${h.timestamp}\n${h.nonce}\n${body}\n`, 'utf8'),
      key,
      Buffer.from(h.signature, 'base64'),
    )
    return ok ? null : 'bad_signature'
  }
}

function normaliseSerial(serial: string): string {
  // Certificate serials are hex and compared case-insensitively; PUB_KEY_ID_… is kept as it is.
  return serial.startsWith('PUB_KEY_ID_') ? serial : serial.toUpperCase()
}

/** A function that checks WeChat Pay signature headers over a body: null when valid, else why not. */
export type SignatureCheck = ReturnType<typeof createSignatureVerifier>

/** Verifies and decrypts a callback from its headers and exact raw body. */
export function verifyCallback(
  checkSignature: SignatureCheck,
  apiV3Key: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): { ok: true; callback: VerifiedCallback } | { ok: false; reason: CallbackRejection } {
  const h = (name: string) => {
    const v = headers[name]
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
  }
  const rejection = checkSignature(
    {
      timestamp: h('wechatpay-timestamp'),
      nonce: h('wechatpay-nonce'),
      serial: h('wechatpay-serial'),
      signature: h('wechatpay-signature'),
    },
    rawBody,
  )
  if (rejection) return { ok: false, reason: rejection }
  let envelope: Record<string, unknown> | null
  try {
    envelope = asRecord(JSON.parse(rawBody))
  } catch {
    return { ok: false, reason: 'bad_body' }
  }
  const resource = asRecord(envelope?.resource)
  if (!envelope || !resource || resource.algorithm !== 'AEAD_AES_256_GCM')
    return { ok: false, reason: 'bad_body' }
  let plain: Record<string, unknown> | null
  try {
    plain = asRecord(
      JSON.parse(
        decryptResource(apiV3Key, {
          ciphertext: str(resource.ciphertext),
          nonce: str(resource.nonce),
          associated_data: str(resource.associated_data),
        }),
      ),
    )
  } catch {
    return { ok: false, reason: 'decrypt_failed' }
  }
  if (!plain) return { ok: false, reason: 'decrypt_failed' }
  return {
    ok: true,
    callback: {
      id: str(envelope.id),
      eventType: str(envelope.event_type),
      serial: h('wechatpay-serial'),
      resourceType: str(resource.original_type),
      resource: plain,
    },
  }
}
