import http from 'node:http'
import type { AddressInfo } from 'node:net'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { demoRegionOf } from '../testing/demo'
import { signIn } from '../testing/sign-in'
import { canonicalJson } from './submissions'

const V1 = demoRegionOf('demo-secretary')

interface Answer {
  status: number
  body: { error?: { code: string; message: string; details?: Record<string, string> } } & Record<
    string,
    unknown
  >
}

/** A JSON text nested `depth` levels deep: {"a":{"a":…1…}}. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`

/** Tester p2's defects 1, 2, 3 and 5: bodies the server cannot read as sent are refused, never half-read. */
describe('bodies the server cannot read as they were sent', () => {
  let t: TestApp
  let server: http.Server
  let port = 0
  let secretary = ''
  let villager = ''

  /** Sends exactly these bytes and headers (Node's client adds no Content-Type of its own). */
  function send(method: string, path: string, headers: Record<string, string>, body: Buffer | string) {
    const data = typeof body === 'string' ? Buffer.from(body) : body
    return new Promise<Answer>((resolve, reject) => {
      const req = http.request(
        { port, host: '127.0.0.1', method, path, headers: { ...headers, 'Content-Length': data.length } },
        (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (c: string) => (text += c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }))
        },
      )
      req.on('error', reject)
      req.end(data)
    })
  }

  async function draft(period: string): Promise<{ id: string; revision: number }> {
    const res = await request(t.app.callback())
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: 'village-finance.income', period, title: `${period} 村集体收入明细` })
    expect(res.status).toBe(201)
    return { id: res.body.id, revision: res.body.revision }
  }
  const read = async (id: string) =>
    (await request(t.app.callback()).get(`/api/v1/disclosures/${id}`).set('Authorization', secretary))
      .body as {
      title: string
      revision: number
      status: string
    }
  const decisionTitles = async () =>
    (await t.services!.models.Decision.find({ regionCode: V1 }, { title: 1 }).lean()).map((d) => d.title)

  beforeAll(async () => {
    t = await buildTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
    server = http.createServer(t.app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
    await t.close()
  })

  it('should refuse a body nested thousands deep with 400 in Chinese, on every route, never 500', async () => {
    const correction = `{"villageCode":"${V1}","kind":"correct","target":"户号","text":"我家户号写错了","zz":${nested(5000)}}`
    const json = { 'Content-Type': 'application/json' }
    for (const [path, auth, body] of [
      ['/api/v1/me/data/corrections', villager, correction],
      [`/api/v1/villages/${V1}/decisions`, secretary, nested(10_000)],
      ['/api/v1/inbox/read-all', villager, `[${nested(40)}]`],
    ] as const) {
      const res = await send('POST', path, { ...json, Authorization: auth }, body)
      expect(res.status, path).toBe(400)
      expect(res.body.error?.code).toBe('validation_error')
      expect(res.body.error?.details?.body).toMatch(/嵌套层数太多/)
    }
    // 32 levels are read as ever (the route then judges the fields).
    const fine = await send(
      'POST',
      '/api/v1/inbox/read-all',
      { ...json, Authorization: villager },
      `{"x":${nested(31)}}`,
    )
    expect(fine.status).toBe(200)
  })

  it('should hash any value for the submission guard without recursion', () => {
    let deep: unknown = 1
    for (let i = 0; i < 100_000; i++) deep = [{ b: deep, a: i }]
    const text = canonicalJson(deep)
    expect(text.startsWith('[{"a":99999,"b":[{"a":99998,"b":')).toBe(true)
    expect(text.endsWith(`{"a":0,"b":1${'}]'.repeat(100_000)}`)).toBe(true)
    expect(canonicalJson({ b: [1, { d: null, c: '文' }], a: true, 10: 1, 9: 2 })).toBe(
      '{"9":2,"10":1,"a":true,"b":[1,{"c":"文","d":null}]}',
    )
  })

  it('should refuse a JSON body sent without a Content-Type with 415, and save nothing', async () => {
    const { id, revision } = await draft('2026-07')
    const edit = await send(
      'PATCH',
      `/api/v1/disclosures/${id}`,
      { Authorization: secretary },
      JSON.stringify({ title: '改过的标题' }),
    )
    expect(edit.status).toBe(415)
    expect(edit.body.error?.code).toBe('unsupported_media_type')
    expect(edit.body.error?.message).toMatch(/[\u4e00-\u9fff]/)
    // A stale copy sent untyped is not taken for a submit without a revision.
    await request(t.app.callback())
      .patch(`/api/v1/disclosures/${id}`)
      .set('Authorization', secretary)
      .send({ title: '另一人的修改' })
      .expect(200)
    const submit = await send(
      'POST',
      `/api/v1/disclosures/${id}/submit`,
      { Authorization: secretary },
      JSON.stringify({ revision, confirmNoRows: true }),
    )
    expect(submit.status).toBe(415)
    const stored = await read(id)
    expect(stored.title).toBe('另一人的修改')
    expect(stored.revision).toBe(revision + 1)
    expect(stored.status).toBe('draft')
  })

  it('should answer an edit that sends no field with the draft as stored, still checking its revision', async () => {
    const { id, revision } = await draft('2026-08')
    const patch = (body: object) =>
      request(t.app.callback()).patch(`/api/v1/disclosures/${id}`).set('Authorization', secretary).send(body)
    const empty = await patch({})
    expect(empty.status).toBe(200)
    expect(empty.body.revision).toBe(revision)
    expect((await read(id)).revision).toBe(revision)
    await patch({ title: '改过的标题' }).expect(200)
    const stale = await patch({ revision })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('disclosure_stale')
  })

  it('should refuse a body in another charset or with bytes that are not UTF-8, and store no �', async () => {
    const before = await decisionTitles()
    const path = `/api/v1/villages/${V1}/decisions`
    const title = '村道修缮一事一议'
    // 村道修缮 in GBK, labelled as such.
    const gbk = Buffer.concat([
      Buffer.from('{"title":"'),
      Buffer.from([0xb4, 0xe5, 0xb5, 0xc0, 0xd0, 0xde, 0xc9, 0xc6]),
      Buffer.from('","kind":"fundraising","description":"修缮村东道路"}'),
    ])
    for (const charset of ['gbk', 'GB18030']) {
      const res = await send(
        'POST',
        path,
        { Authorization: secretary, 'Content-Type': `application/json; charset=${charset}` },
        gbk,
      )
      expect(res.status).toBe(415)
      expect(res.body.error?.code).toBe('unsupported_media_type')
      expect(res.body.error?.message).toMatch(/[\u4e00-\u9fff]/)
    }
    const broken = Buffer.concat([
      Buffer.from(`{"title":"${title}`),
      Buffer.from([0xff, 0xc3, 0x28]),
      Buffer.from('","kind":"fundraising","description":"修缮村东道路"}'),
    ])
    const res = await send(
      'POST',
      path,
      { Authorization: secretary, 'Content-Type': 'application/json' },
      broken,
    )
    expect(res.status).toBe(400)
    expect(res.body.error?.code).toBe('invalid_json')
    expect(res.body.error?.message).toMatch(/无法识别的文字/)
    expect(await decisionTitles()).toEqual(before)
    // UTF-8, labelled or not (any case), and with a byte order mark, is read.
    for (const [type, prefix] of [
      ['application/json; charset=UTF-8', ''],
      ['application/json', '\ufeff'],
    ] as const) {
      const ok = await send(
        'POST',
        path,
        { Authorization: secretary, 'Content-Type': type },
        `${prefix}{"title":"${title}","kind":"fundraising","description":"修缮村东道路"}`,
      )
      expect(ok.status).toBe(201)
      expect(ok.body.title).toBe(title)
    }
  })

  it('should refuse a "__proto__" key as content no form has, not as invalid JSON', async () => {
    for (const [body, field] of [
      ['{"__proto__":{"x":1},"title":"测试事项","kind":"fundraising"}', 'body'],
      ['{"title":"测试事项","x":{"__proto__":null}}', 'body.x'],
    ] as const) {
      const res = await send(
        'POST',
        `/api/v1/villages/${V1}/decisions`,
        { Authorization: secretary, 'Content-Type': 'application/json' },
        body,
      )
      expect(res.status).toBe(400)
      expect(res.body.error?.code).toBe('validation_error')
      expect(res.body.error?.details?.[field]).toBe('有多余的内容：__proto__')
    }
  })

  it('should refuse a multipart body on a route that reads JSON fields, and save nothing (tester r2, N1)', async () => {
    const { id, revision } = await draft('2026-06')
    const boundary = 'cunwu-boundary'
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n改过的标题\r\n--${boundary}--\r\n`
    for (const type of [
      `multipart/form-data; boundary=${boundary}`,
      `multipart/mixed; boundary=${boundary}`,
    ]) {
      const edit = await send(
        'PATCH',
        `/api/v1/disclosures/${id}`,
        { Authorization: secretary, 'Content-Type': type },
        form,
      )
      expect(edit.status).toBe(415)
      expect(edit.body.error?.code).toBe('unsupported_media_type')
      expect(edit.body.error?.message).toMatch(/[\u4e00-\u9fff]/)
      const submit = await send(
        'POST',
        `/api/v1/disclosures/${id}/submit`,
        { Authorization: secretary, 'Content-Type': type },
        form,
      )
      expect(submit.status).toBe(415)
    }
    const stored = await read(id)
    expect(stored).toMatchObject({ revision, status: 'draft' })
    expect(stored.title).not.toBe('改过的标题')
  })

  it('should read plain ASCII under any charset and the +json types, and refuse other bytes a charset would change (tester r2, N4)', async () => {
    const path = `/api/v1/villages/${V1}/decisions`
    const body = (title: string) => `{"title":"${title}","kind":"fundraising","description":"road"}`
    for (const [type, title] of [
      ['application/json; charset=us-ascii', 'Road repair A'],
      ['application/json; charset=ISO-8859-1', 'Road repair B'],
      ['application/merge-patch+json', 'Road repair C'],
      ['application/vnd.api+json; charset="UTF-8"', 'Road repair D'],
    ] as const) {
      const ok = await send('POST', path, { Authorization: secretary, 'Content-Type': type }, body(title))
      expect([type, ok.status]).toEqual([type, 201])
      expect(ok.body.title).toBe(title)
    }
    // é in Latin-1 is one byte, which UTF-8 would read differently: refused as the charset it names.
    const latin1 = Buffer.concat([
      Buffer.from('{"title":"Caf'),
      Buffer.from([0xe9]),
      Buffer.from('","kind":"fundraising"}'),
    ])
    const res = await send(
      'POST',
      path,
      { Authorization: secretary, 'Content-Type': 'application/json; charset=iso-8859-1' },
      latin1,
    )
    expect(res.status).toBe(415)
    expect(res.body.error?.code).toBe('unsupported_media_type')
    expect(await decisionTitles()).not.toContain('Café')
  })
})
