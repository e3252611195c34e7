import request from 'supertest'
import type { Test } from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import {
  JPEG,
  jpegWithMetadata,
  PDF,
  PDF_WITH_JAVASCRIPT,
  pngImage,
  pngWithMetadata,
} from '../../testing/upload-files'
import { seenRevision } from '../../testing/publish'

/** Reads a download's body as bytes. */
function bytes(res: Test): Test {
  return res.buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = []
    r.on('data', (c: Buffer) => chunks.push(c))
    r.on('end', () => cb(null, Buffer.concat(chunks)))
  })
}

const V1 = demoRegionOf('demo-secretary')
const PNG = pngImage()

describe('disclosure attachments', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let township = ''
  let draftId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-05',
        title: '附件测试',
        rows: buildDibaoRows(V1, 3),
      })
    draftId = created.body.id
  })
  afterAll(async () => {
    await t.close()
  })

  it('should store a PDF on a draft, hide it while draft, and serve it once published', async () => {
    const up = await request(server)
      .post(`/api/v1/disclosures/${draftId}/attachments`)
      .set('Authorization', secretary)
      .attach('file', PDF, { filename: '村民代表会议记录.pdf', contentType: 'application/pdf' })
    expect(up.status).toBe(201)
    expect(up.body.filename).toBe('村民代表会议记录.pdf')
    expect(up.body.size).toBe(PDF.length)
    // While it is a draft, its attachment answers as an unknown item does: the same status, code and words.
    const hidden = await request(server).get(up.body.url)
    const unknown = await request(server).get(
      String(up.body.url).replace(draftId, '0123456789abcdef01234567'),
    )
    expect(hidden.status).toBe(404)
    expect(hidden.body).toEqual(unknown.body)
    const own = await request(server).get(up.body.url).set('Authorization', secretary)
    expect(own.status).toBe(200)

    await request(server).post(`/api/v1/disclosures/${draftId}/submit`).set('Authorization', secretary)
    await request(server)
      .post(`/api/v1/disclosures/${draftId}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, draftId, township) })
    const pub = await request(server)
      .get(up.body.url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => cb(null, Buffer.concat(chunks)))
      })
    expect(pub.status).toBe(200)
    expect(pub.headers['content-type']).toBe('application/pdf')
    expect(Buffer.compare(pub.body, PDF)).toBe(0)
    const late = await request(server)
      .post(`/api/v1/disclosures/${draftId}/attachments`)
      .set('Authorization', secretary)
      .attach('file', PNG, { filename: 'a.png', contentType: 'image/png' })
    expect(late.status).toBe(409)
  })

  it('should store a photo without its EXIF GPS, XMP, comment or what follows the image (tester H1)', async () => {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-03',
        title: '会议照片',
        rows: buildDibaoRows(V1, 2),
      })
    const video = Buffer.from('\0\0\0\x18ftypmp42 +28.6881+115.8950/', 'latin1')
    for (const [file, name, picture] of [
      [jpegWithMetadata(video), '会议照片.jpg', JPEG],
      [pngWithMetadata(video), '公示栏.png', PNG],
    ] as const) {
      const up = await request(server)
        .post(`/api/v1/disclosures/${created.body.id}/attachments`)
        .set('Authorization', secretary)
        .attach('file', file, name)
      expect(up.status).toBe(201)
      expect(up.body.size).toBe(picture.length)
      const stored = await bytes(request(server).get(up.body.url).set('Authorization', secretary))
      expect(Buffer.compare(stored.body as Buffer, picture)).toBe(0)
      expect((stored.body as Buffer).toString('latin1')).not.toMatch(/GPS|Exif|SECRET|ftyp|28\.68/)
    }
  })

  it('should hold the cap of 20 attachments when many uploads arrive at once (tester M1)', async () => {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-02',
        title: '附件上限',
        rows: buildDibaoRows(V1, 2),
      })
    const upload = (k: number) =>
      request(server)
        .post(`/api/v1/disclosures/${created.body.id}/attachments`)
        .set('Authorization', secretary)
        .attach('file', PDF, `第${k}份.pdf`)
    for (let k = 0; k < 15; k++) expect((await upload(k)).status).toBe(201)
    const answers = await Promise.all(Array.from({ length: 19 }, (_, k) => upload(15 + k)))
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(5)
    expect(statuses.filter((s) => s === 422)).toHaveLength(14)
    expect(answers.find((a) => a.status === 422)?.body.error.message).toBe('附件最多 20 个')
    const d = await t.services?.models.Disclosure.findById(created.body.id).lean()
    expect(d?.attachments).toHaveLength(20)
    // The files of refused uploads are not left behind.
    const files = await t.services?.models.Disclosure.db
      .collection('attachments.files')
      .countDocuments({ 'metadata.disclosureId': created.body.id })
    expect(files).toBe(20)
  })

  describe('bad input', () => {
    let id = ''
    beforeAll(async () => {
      const created = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send({
          catalogItemId: dibaoItem().id,
          period: '2026-04',
          title: '附件校验',
          rows: buildDibaoRows(V1, 2),
        })
      id = created.body.id
    })

    it('should answer a file over 10 MB with 413 file_too_large', async () => {
      const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)])
      const res = await request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', secretary)
        .attach('file', big, 'big.pdf')
      expect(res.status).toBe(413)
      expect(res.body.error.code).toBe('file_too_large')
    })

    it('should answer a disguised file with 415 unsupported_file_type', async () => {
      const exe = Buffer.from('MZ\x90\x00 not a pdf at all')
      const res = await request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', secretary)
        .attach('file', exe, { filename: 'notice.pdf', contentType: 'application/pdf' })
      expect(res.status).toBe(415)
      expect(res.body.error.code).toBe('unsupported_file_type')
    })

    it('should refuse truncated and fake images and PDFs, and a PDF that runs JavaScript, with 415 (tester L3)', async () => {
      const cases: [Buffer, string, RegExp][] = [
        [jpegWithMetadata().subarray(0, 40), 'a.jpg', /图片文件已损坏/],
        [Buffer.from('\xff\xd8\xff\xe0<html><script>alert(1)</script>', 'latin1'), 'b.jpg', /图片文件已损坏/],
        [PDF.subarray(0, 60), 'c.pdf', /PDF 文件已损坏/],
        [Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'), 'd.pdf', /PDF 文件已损坏/],
        [PDF_WITH_JAVASCRIPT, 'e.pdf', /脚本/],
      ]
      for (const [file, name, message] of cases) {
        const res = await request(server)
          .post(`/api/v1/disclosures/${id}/attachments`)
          .set('Authorization', secretary)
          .attach('file', file, name)
        expect(res.status).toBe(415)
        expect(res.body.error.code).toBe('unsupported_file_type')
        expect(res.body.error.message).toMatch(message)
      }
      const d = await t.services?.models.Disclosure.findById(id).lean()
      expect(d?.attachments).toEqual([])
    })

    it('should answer a non-multipart body with 415 and a missing file with 400', async () => {
      const json = await request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', secretary)
        .send({ file: 'x' })
      expect(json.status).toBe(415)
      const empty = await request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', secretary)
        .field('other', 'x')
      expect(empty.status).toBe(400)
    })

    it('should answer another village secretary with 404, as for an unknown id', async () => {
      const other = (await signIn(t.app, 'demo-secretary-2')).auth
      const res = await request(server)
        .post(`/api/v1/disclosures/${id}/attachments`)
        .set('Authorization', other)
        .attach('file', PNG, 'a.png')
      expect(res.status).toBe(404)
    })
  })
})
