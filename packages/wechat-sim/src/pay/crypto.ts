import { createCipheriv, createDecipheriv, randomBytes, sign, verify, type KeyObject } from 'node:crypto'

/** The only authorization scheme WeChat Pay v3 accepts. */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048'

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…` into its scheme and fields. */
export function parseAuthorization(header: string): { scheme: string; fields: Record<string, string> } {
  const space = header.indexOf(' ')
  const scheme = space < 0 ? header : header.slice(0, space)
  const fields: Record<string, string> = {}
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (m[1] !== undefined && m[2] !== undefined) fields[m[1]] = m[2]
  }
  return { scheme, fields }
}

/** The string a merchant signs: METHOD, path+query, timestamp, nonce and body, each line ending in \n. */
export function requestMessage(
  method: string,
  url: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`
}

/** The string WeChat Pay signs on responses and callbacks: timestamp, nonce, body. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`
}

/** SHA256withRSA signature, base64. */
export function rsaSign(message: string, key: KeyObject | string): string {
  return sign('RSA-SHA256', Buffer.from(message), key).toString('base64')
}

/** Verifies a SHA256withRSA base64 signature; false on any malformed input. */
export function rsaVerify(message: string, signature: string, key: KeyObject | string): boolean {
  try {
    return verify('RSA-SHA256', Buffer.from(message), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

/** An AEAD_AES_256_GCM encrypted resource as carried in callbacks and /v3/certificates. */
export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM'
  ciphertext: string
  associated_data: string
  nonce: string
}

/** Encrypts with the APIv3 key: 12-character ASCII nonce as IV, tag appended to the ciphertext. */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData: string,
): EncryptedResource {
  const nonce = randomBytes(6).toString('hex')
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce))
  cipher.setAAD(Buffer.from(associatedData))
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: ciphertext.toString('base64'),
    associated_data: associatedData,
    nonce,
  }
}

/** Decrypts and authenticates an encrypted resource (throws on a bad tag, key or AAD). */
export function decryptResource(
  apiV3Key: string,
  resource: { ciphertext: string; associated_data?: string; nonce: string },
): string {
  const raw = Buffer.from(resource.ciphertext, 'base64')
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(resource.nonce))
  decipher.setAAD(Buffer.from(resource.associated_data ?? ''))
  decipher.setAuthTag(raw.subarray(raw.length - 16))
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8')
}

/** Builds an Authorization header value for a request (used by tests and by the control API's helpers). */
export function buildAuthorization(opts: {
  mchid: string
  serialNo: string
  privateKey: KeyObject | string
  method: string
  url: string
  body: string
  timestamp?: string
  nonce?: string
}): string {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? randomBytes(16).toString('hex')
  const signature = rsaSign(
    requestMessage(opts.method, opts.url, timestamp, nonce, opts.body),
    opts.privateKey,
  )
  return `${AUTH_SCHEME} mchid="${opts.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${opts.serialNo}"`
}
