import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { randomDigits, randomHex } from '../util'
import { buildCertificate } from './x509'

/** Key material of one simulated merchant and of "WeChat Pay"'s side, all PEM strings. */
export interface PayKeyMaterial {
  mchid: string
  /** The 32-character APIv3 key that encrypts callback resources and certificates. */
  apiV3Key: string
  /** Merchant API certificate serial (40 upper-case hex digits); the simulator compares case-insensitively. */
  merchantSerial: string
  /** The merchant's private key (apiclient_key.pem): the BFF signs requests and paySign with it. */
  merchantPrivateKeyPem: string
  merchantPublicKeyPem: string
  /** The merchant API certificate (apiclient_cert.pem), self-signed here. */
  merchantCertificatePem: string
  /** Platform certificate serial: `Wechatpay-Serial` in certificate mode. */
  platformSerial: string
  platformCertificatePem: string
  /** The platform certificate's public key, for verifying responses and callbacks in certificate mode. */
  platformPublicKeyPem: string
  /** `PUB_KEY_ID_…`: `Wechatpay-Serial` in public-key mode. */
  publicKeyId: string
  /** The 微信支付公钥, for verifying responses and callbacks in public-key mode. */
  wechatpayPublicKeyPem: string
}

/** Private keys the simulator signs with, kept apart from what is handed to the BFF. */
export interface PaySigningKeys {
  platform: KeyObject
  wechatpay: KeyObject
  merchantPublic: KeyObject
}

/** Optional fixed key material, e.g. to keep `npm start` configuration stable across restarts. */
export interface PayKeyInput {
  merchantPrivateKeyPem?: string
  merchantSerial?: string
  platformPrivateKeyPem?: string
  platformSerial?: string
  wechatpayPrivateKeyPem?: string
  publicKeyId?: string
}

function genRsa(): Promise<KeyObject> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv)))
  })
}

// RSA generation takes ~100 ms per key; simulators started in one process share one set unless given keys.
let shared: Promise<KeyObject[]> | undefined
function sharedKeys(): Promise<KeyObject[]> {
  shared ??= Promise.all([genRsa(), genRsa(), genRsa()])
  return shared
}

function serial(): string {
  // Positive 20-byte serial, upper-case hex like the serials WeChat Pay shows.
  return `${(Number.parseInt(randomHex(1), 16) & 0x7f).toString(16).padStart(2, '0')}${randomHex(19)}`.toUpperCase()
}

const pem = (k: KeyObject, type: 'pkcs8' | 'spki'): string =>
  type === 'pkcs8'
    ? String(k.export({ type: 'pkcs8', format: 'pem' }))
    : String(createPublicKey(k).export({ type: 'spki', format: 'pem' }))

/** Generates (or takes from `input`) the merchant, platform and public-key-mode key material. */
export async function createPayKeys(
  mchid: string,
  apiV3Key: string,
  input: PayKeyInput = {},
): Promise<{ material: PayKeyMaterial; signing: PaySigningKeys }> {
  const [m, p, w] = await sharedKeys()
  if (!m || !p || !w) throw new Error('key generation failed')
  const merchant = input.merchantPrivateKeyPem ? createPrivateKey(input.merchantPrivateKeyPem) : m
  const platform = input.platformPrivateKeyPem ? createPrivateKey(input.platformPrivateKeyPem) : p
  const wechatpay = input.wechatpayPrivateKeyPem ? createPrivateKey(input.wechatpayPrivateKeyPem) : w
  const merchantSerial = (input.merchantSerial ?? serial()).toUpperCase()
  const platformSerial = (input.platformSerial ?? serial()).toUpperCase()
  const now = Date.now()
  const year = 365 * 24 * 3600_000
  const ca = { C: 'CN', O: 'Tenpay.com', OU: 'Tenpay.com CA Center', CN: 'Tenpay.com Root CA' }
  const merchantCertificatePem = buildCertificate({
    subject: { C: 'CN', L: 'Shenzhen', O: '微信商户系统', OU: '模拟村务商户', CN: mchid },
    issuer: ca,
    serialHex: merchantSerial,
    notBefore: now - 24 * 3600_000,
    notAfter: now + 5 * year,
    publicKey: createPublicKey(merchant),
    signingKey: platform,
  })
  const platformCertificatePem = buildCertificate({
    subject: {
      C: 'CN',
      L: 'Shenzhen',
      O: '财付通支付科技有限公司',
      OU: '财付通支付科技有限公司',
      CN: 'Tenpay.com Root CA',
    },
    issuer: ca,
    serialHex: platformSerial,
    notBefore: now - 24 * 3600_000,
    notAfter: now + 5 * year,
    publicKey: createPublicKey(platform),
    signingKey: platform,
  })
  return {
    material: {
      mchid,
      apiV3Key,
      merchantSerial,
      merchantPrivateKeyPem: pem(merchant, 'pkcs8'),
      merchantPublicKeyPem: pem(merchant, 'spki'),
      merchantCertificatePem,
      platformSerial,
      platformCertificatePem,
      platformPublicKeyPem: pem(platform, 'spki'),
      publicKeyId: input.publicKeyId ?? `PUB_KEY_ID_0${mchid.padStart(10, '0')}${randomDigits(23)}`,
      wechatpayPublicKeyPem: pem(wechatpay, 'spki'),
    },
    signing: { platform, wechatpay, merchantPublic: createPublicKey(merchant) },
  }
}
