import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { mongo } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pushSignature } from '@cunwu/wechat-sim'
import { QuestionDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { stripImageMetadata } from '../../lib/image-metadata'
import { setPublicBase } from '../request-base'
import { demoRegionOf } from '../../testing/demo'
import { exifGps, JPEG } from '../../testing/upload-files'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const PUSH_TOKEN = 'cunwuSimPushToken'

/** A small JPEG whose EXIF carries a GPS position; each seed another picture (one quantisation value differs). */
function photo(seed: number): Buffer {
  const picture = Buffer.from(JPEG)
  picture[25] = seed + 1
  return Buffer.concat([picture.subarray(0, 20), exifGps(), picture.subarray(20)])
}

describe('photos of questions and objections', () => {
  let t: TestApp
  let server: http.Server
  let base = ''
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    // WeChat downloads the photo and pushes its verdict over HTTP, so this test listens on a real port.
    server = http.createServer(t.app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // As startServer does: links (and WeChat's download of a photo) go to the address listened on.
    setPublicBase(t.app, base)
    t.runtime.wechatSim?.mediaCheck.setMessagePush({ url: `${base}/api/v1/wechat/push`, token: PUSH_TOKEN })
    for (const key of ['demo-secretary', 'demo-township', 'demo-villager', 'demo-secretary-2']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
  }, 120_000)
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await t.close()
  })

  const upload = (questionId: string, file: Buffer, who = 'demo-villager', name = 'photo.jpg') => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(file)]), name)
    return fetch(`${base}/api/v1/questions/${questionId}/photos`, {
      method: 'POST',
      headers: { Authorization: auth[who] ?? '' },
      body: form,
    })
  }
  const thread = async (id: string, who?: string) => {
    const r = request(t.app.callback()).get(`/api/v1/questions/${id}`)
    return QuestionDtoSchema.parse((who ? await r.set('Authorization', auth[who] ?? '') : await r).body)
  }

  /** A published list of V1 with one open objection of the villager on it; resolves with the question's id. */
  const openObjection = async (period: string) => {
    const app = t.app.callback()
    const created = await request(app)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ catalogItemId: dibaoItem().id, period, title: '低保名单', rows: buildDibaoRows(V1, 5) })
    const id = String(created.body.id)
    await request(app)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    await request(app)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(app, id, auth['demo-township'] ?? '') })
    const asked = await request(app)
      .post(`/api/v1/disclosures/${id}/questions`)
      .set('Authorization', auth['demo-villager'] ?? '')
      .send({ kind: 'objection', text: '第3行 照片为证', rowRef: 3 })
    return QuestionDtoSchema.parse(asked.body).id
  }

  it('should have WeChat download the photo from the public base URL, whatever Host the upload names', async () => {
    // A server of the uploader's own, answering every path with a harmless picture.
    const fetched: string[] = []
    const decoy = http.createServer((req, res) => {
      fetched.push(req.url ?? '')
      res.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(photo(9))
    })
    await new Promise<void>((resolve) => decoy.listen(0, '127.0.0.1', resolve))
    const decoyHost = `127.0.0.1:${(decoy.address() as AddressInfo).port}`
    try {
      const questionId = await openObjection('2026-07')
      const risky = stripImageMetadata(photo(6), 'image/jpeg') ?? Buffer.alloc(0)
      t.runtime.wechatSim?.mediaCheck.setRiskyMedia([createHash('sha256').update(risky).digest('hex')])
      // fetch() will not send a chosen Host, so the multipart body goes out through node:http.
      const boundary = 'cunwu-forged-host'
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n` +
            'Content-Type: image/jpeg\r\n\r\n',
        ),
        photo(6),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ])
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          `${base}/api/v1/questions/${questionId}/photos`,
          {
            method: 'POST',
            headers: {
              Host: decoyHost,
              'X-Forwarded-Host': decoyHost,
              'X-Forwarded-Proto': 'http',
              Authorization: auth['demo-villager'] ?? '',
              'Content-Type': `multipart/form-data; boundary=${boundary}`,
              'Content-Length': String(body.length),
            },
          },
          (res) => {
            res.resume()
            res.on('end', () => resolve(res.statusCode ?? 0))
          },
        )
        req.on('error', reject)
        req.end(body)
      })
      expect(status).toBe(201)
      await t.runtime.wechatSim?.mediaCheck.settle()

      const check = t.runtime.wechatSim?.mediaCheck.checks().at(-1)
      expect(check?.mediaUrl.startsWith(`${base}/api/v1/question-photos/`)).toBe(true)
      expect(fetched).toEqual([])
      expect((await thread(questionId, 'demo-villager')).photos.map((p) => p.check)).toEqual(['risky'])
    } finally {
      await new Promise<void>((resolve) => decoy.close(() => resolve()))
    }
  })

  it('should strip the location, show photos once checked, drop risky ones and refuse bad uploads', async () => {
    const app = t.app.callback()
    const created = await request(app)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-06',
        title: '低保名单',
        rows: buildDibaoRows(V1, 5),
      })
    const id = String(created.body.id)
    await request(app)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', auth['demo-secretary'] ?? '')
    await request(app)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', auth['demo-township'] ?? '')
      .send({ decision: 'approve', revision: await seenRevision(app, id, auth['demo-township'] ?? '') })
    const asked = await request(app)
      .post(`/api/v1/disclosures/${id}/questions`)
      .set('Authorization', auth['demo-villager'] ?? '')
      .send({ kind: 'objection', text: '第2行 照片为证', rowRef: 2 })
    const q = QuestionDtoSchema.parse(asked.body)

    // The second photo is one WeChat finds risky.
    const risky = stripImageMetadata(photo(2), 'image/jpeg') ?? Buffer.alloc(0)
    t.runtime.wechatSim?.mediaCheck.setRiskyMedia([createHash('sha256').update(risky).digest('hex')])
    const first = await upload(q.id, photo(1))
    expect(first.status).toBe(201)
    expect(await first.json()).toMatchObject({ check: 'checking' })
    expect((await upload(q.id, photo(2))).status).toBe(201)
    await t.runtime.wechatSim?.mediaCheck.settle()

    const mine = await thread(q.id, 'demo-villager')
    expect(mine.photos.map((p) => p.check)).toEqual(['pass', 'risky'])
    const staff = await thread(q.id, 'demo-secretary')
    expect(staff.photos.map((p) => p.check)).toEqual(['pass'])
    const file = await request(app)
      .get(staff.photos[0]?.url ?? '')
      .set('Authorization', auth['demo-secretary'] ?? '')
    expect(file.status).toBe(200)
    expect(file.headers['content-type']).toBe('image/jpeg')
    expect(Buffer.from(file.body as Buffer).toString('latin1')).not.toMatch(/GPS|Exif/)
    const riskyUrl = mine.photos[1]?.url ?? ''
    expect(
      (
        await request(app)
          .get(riskyUrl)
          .set('Authorization', auth['demo-villager'] ?? '')
      ).status,
    ).toBe(404)
    // A risky photo's bytes are deleted.
    const gone = await t.services?.models.QuestionPhoto.findOne({ check: 'risky' }).lean()
    const bytes: unknown = gone?.data
    expect(gone?.bytes).toBe(0)
    expect(bytes instanceof mongo.Binary ? bytes.length() : -1).toBe(0)

    // Bad uploads.
    expect((await upload(q.id, Buffer.from('GIF89a not allowed'), 'demo-villager', 'x.gif')).status).toBe(415)
    expect((await upload(q.id, Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff]))).status).toBe(415)
    expect((await upload(q.id, photo(3), 'demo-secretary')).status).toBe(404)
    expect((await upload(q.id, photo(3))).status).toBe(201)
    const fourth = await upload(q.id, photo(4))
    expect(fourth.status).toBe(409)
    // The check's download needs the photo's token, and only while the check runs.
    expect(
      (
        await request(app).get(
          `/api/v1/question-photos/${mine.photos[0]?.id ?? ''}/media?token=${'x'.repeat(32)}`,
        )
      ).status,
    ).toBe(404)
    // A push without WeChat's signature changes nothing.
    const forged = await request(app)
      .post('/api/v1/wechat/push?signature=abc&timestamp=1&nonce=2')
      .send({ Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'pass' } })
    expect(forged.status).toBe(401)
    const ts = '1767225600'
    const verify = await request(app).get(
      `/api/v1/wechat/push?signature=${pushSignature(PUSH_TOKEN, ts, '7')}&timestamp=${ts}&nonce=7&echostr=hello`,
    )
    expect(verify.text).toBe('hello')
    await t.runtime.wechatSim?.mediaCheck.settle()

    // Public Q&A: the public sees only the photos that passed.
    await request(app)
      .post(`/api/v1/questions/${q.id}/reply`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ outcome: 'not_upheld', text: '经核实无误' })
    expect((await upload(q.id, photo(5))).status).toBe(409)
    await request(app)
      .post(`/api/v1/questions/${q.id}/publish`)
      .set('Authorization', auth['demo-secretary'] ?? '')
      .send({ askerConsented: true })
    const pub = await thread(q.id)
    expect(pub.photos.map((p) => p.check)).toEqual(['pass', 'pass'])
    expect((await request(app).get(pub.photos[0]?.url ?? '')).status).toBe(200)
  }, 120_000)
})
