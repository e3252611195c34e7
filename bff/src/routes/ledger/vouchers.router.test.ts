import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
/** A one-page PDF that reads to its end (uploads are checked). */
const PDF = (() => {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const at of offsets) body += `${String(at).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
})()

function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (c: Buffer) => chunks.push(c))
  res.on('end', () => cb(null, Buffer.concat(chunks)))
}

/** docs/wechat-pay.md, "Vouchers": a voucher linked to a ledger entry opens for those who may read the ledger. */
describe('ledger vouchers', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let url = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    const up = await request(server)
      .post(`/api/v1/villages/${V1}/ledger/vouchers`)
      .set('Authorization', secretary)
      .attach('file', PDF, { filename: '发票 13812345678.pdf', contentType: 'application/pdf' })
    expect(up.status).toBe(201)
    url = `/api/v1/villages/${V1}/ledger/vouchers/${up.body.fileId}`
  })
  afterAll(async () => {
    await t.close()
  })

  it('should let the village’s staff and the township above it open a voucher, never cached', async () => {
    for (const who of ['demo-secretary', 'demo-township', 'demo-county']) {
      const auth = (await signIn(t.app, who)).auth
      const res = await request(server).get(url).set('Authorization', auth).buffer(true).parse(binary)
      expect(res.status, who).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.headers['content-disposition']).not.toContain('13812345678')
      expect(Buffer.compare(res.body as Buffer, PDF)).toBe(0)
    }
  })

  it('should refuse the public (401), villagers and other villages (403), and another village’s voucher (404)', async () => {
    expect((await request(server).get(url)).status).toBe(401)
    const villager = (await signIn(t.app, 'demo-villager')).auth
    expect((await request(server).get(url).set('Authorization', villager)).status).toBe(403)
    const other = (await signIn(t.app, 'demo-secretary-2')).auth
    expect((await request(server).get(url).set('Authorization', other)).status).toBe(403)
    // The same file id under another village's ledger is no voucher of that village.
    const foreign = await request(server).get(url.replace(V1, V2)).set('Authorization', other)
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.message).toBe('凭证不存在')
    const malformed = await request(server)
      .get(`/api/v1/villages/${V1}/ledger/vouchers/x`)
      .set('Authorization', secretary)
    expect(malformed.status).toBe(400)
  })
})
