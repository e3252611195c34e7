// A minimal signing WeChat Pay client and callback receiver used by this package's tests.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { PayKeyMaterial } from './keys'
import { buildAuthorization, responseMessage, rsaVerify } from './crypto'

/** A signed call's outcome, with whether the response signature verified. */
export interface PayResult {
  status: number
  text: string
  body: Record<string, unknown>
  headers: Headers
  verified: boolean
}

/** Sends a signed v3 request the way a merchant SDK does. */
export async function payCall(
  baseUrl: string,
  keys: PayKeyMaterial,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<PayResult> {
  const raw = body === undefined ? '' : JSON.stringify(body)
  const authorization = buildAuthorization({
    mchid: keys.mchid,
    serialNo: keys.merchantSerial.toLowerCase(),
    privateKey: keys.merchantPrivateKeyPem,
    method,
    url,
    body: raw,
  })
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      authorization,
      accept: 'application/json',
      'content-type': 'application/json',
      'user-agent': 'test',
      ...extraHeaders,
    },
    ...(method === 'POST' ? { body: raw } : {}),
  })
  const text = await res.text()
  const serial = res.headers.get('wechatpay-serial') ?? ''
  const key = serial === keys.publicKeyId ? keys.wechatpayPublicKeyPem : keys.platformPublicKeyPem
  const verified = rsaVerify(
    responseMessage(
      res.headers.get('wechatpay-timestamp') ?? '',
      res.headers.get('wechatpay-nonce') ?? '',
      text,
    ),
    res.headers.get('wechatpay-signature') ?? '',
    key,
  )
  let parsed: Record<string, unknown> = {}
  if (text.startsWith('{')) parsed = { ...(JSON.parse(text) as object) }
  return { status: res.status, text, body: parsed, headers: res.headers, verified }
}

/** A received callback. */
export interface Received {
  headers: IncomingHttpHeaders
  body: string
}

/** Starts a callback receiver answering with `reply()`'s status. */
export async function startReceiver(reply: (n: number) => number = () => 200): Promise<{
  url: string
  received: Received[]
  close(): Promise<void>
}> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = reply(received.length)
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(status === 200 ? '{"code":"SUCCESS"}' : '{"code":"FAIL","message":"失败"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const addr = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${addr.port}/notify`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  }
}
