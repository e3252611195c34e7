import { Types } from 'mongoose'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
/** A small one-page PDF that reads to its end (uploads are checked). */
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
const REASON = '照片里有村民的身份证，撤下'

/**
 * docs/versions.md, "Withdrawing an attachment": a file published by mistake (a photo of an ID card) can be taken
 * down; a retracted version's files are not served to the public, as its table is not.
 */
describe('withdrawing a published attachment', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  let township = ''

  /** A published disclosure of the demo village with one PDF attached: its id and the file's URL and id. */
  async function publishWithFile(period: string): Promise<{ id: string; url: string; fileId: string }> {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: dibaoItem().id, period, title: '附件撤下', rows: buildDibaoRows(V1, 2) })
    const id = String(created.body.id)
    const up = await request(server)
      .post(`/api/v1/disclosures/${id}/attachments`)
      .set('Authorization', secretary)
      .attach('file', PDF, { filename: '身份证照片.pdf', contentType: 'application/pdf' })
    expect(up.status).toBe(201)
    await request(server).post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', township)
      .send({ decision: 'approve', revision: await seenRevision(server, id, township) })
    expect(approved.status).toBe(200)
    return { id, url: String(up.body.url), fileId: String(up.body.id) }
  }

  async function storedFiles(fileId: string): Promise<number> {
    const db = t.services?.models.Disclosure.db.db
    if (!db) throw new Error('no database')
    return db.collection('attachments.files').countDocuments({ _id: new Types.ObjectId(fileId) })
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  it('should revalidate a public file on every use instead of letting caches keep it for a day', async () => {
    const { url } = await publishWithFile('2026-01')
    const first = await request(server).get(url)
    expect(first.status).toBe(200)
    expect(first.headers['cache-control']).toBe('public, no-cache')
    const again = await request(server).get(url).set('If-None-Match', String(first.headers.etag))
    expect(again.status).toBe(304)
  })

  it('should stop serving a retracted version’s files to the public, and take the file down everywhere', async () => {
    const { id, url, fileId } = await publishWithFile('2026-02')
    const retracted = await request(server)
      .post(`/api/v1/disclosures/${id}/retract`)
      .set('Authorization', secretary)
      .send({ reason: '照片里有村民的身份证，撤回' })
    expect(retracted.status).toBe(200)
    // Retracted: the public neither sees nor opens the file (as the table); the village's staff still do.
    expect((await request(server).get(url)).status).toBe(404)
    expect((await request(server).get(`/api/v1/disclosures/${id}`)).body.attachments).toEqual([])
    expect((await request(server).get(url).set('Authorization', secretary)).status).toBe(200)

    // The correction starts from the retracted version and so carries the file.
    const v2 = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', secretary)
      .send({ changeNote: '去掉身份证照片' })
    expect(v2.status).toBe(201)
    expect(v2.body.attachments).toHaveLength(1)

    const withdrawn = await request(server)
      .post(`/api/v1/disclosures/${id}/attachments/${fileId}/withdraw`)
      .set('Authorization', secretary)
      .send({ reason: REASON })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.reason).toBe(REASON)

    // Gone for everyone, staff too; the bytes are deleted.
    expect((await request(server).get(url).set('Authorization', secretary)).status).toBe(404)
    expect(await storedFiles(fileId)).toBe(0)
    // The version says so, without the file's name; the draft no longer carries it.
    const page = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(page.body.withdrawnAttachments).toEqual([
      { id: fileId, withdrawnAt: expect.any(String), reason: REASON },
    ])
    expect(JSON.stringify(page.body)).not.toContain('身份证照片')
    const draft = await request(server)
      .get(`/api/v1/disclosures/${v2.body.id}`)
      .set('Authorization', secretary)
    expect(draft.body.attachments).toEqual([])
    expect(draft.body.withdrawnAttachments).toEqual([])

    // The act is in the audit log, with the file's name for the record.
    const audit = await t.services?.models.AuditEvent.find({
      action: 'disclosure.attachment_withdraw',
    }).lean()
    expect(audit?.map((a) => [a.targetId, (a.data as { filename?: string }).filename])).toContainEqual([
      id,
      '身份证照片.pdf',
    ])

    // Once taken down, again is 409 (and changes nothing).
    const twice = await request(server)
      .post(`/api/v1/disclosures/${id}/attachments/${fileId}/withdraw`)
      .set('Authorization', secretary)
      .send({ reason: REASON })
    expect(twice.status).toBe(409)
    expect(twice.body.error.message).toBe('这个附件已经撤下了')
  })

  it('should let the township take down a published version’s file, the public view following at once', async () => {
    const { id, url, fileId } = await publishWithFile('2026-03')
    const before = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(before.body.attachments).toHaveLength(1)
    const res = await request(server)
      .post(`/api/v1/disclosures/${id}/attachments/${fileId}/withdraw`)
      .set('Authorization', township)
      .send({ reason: '附件含银行卡号' })
    expect(res.status).toBe(200)
    const after = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(after.body.attachments).toEqual([])
    expect(after.body.withdrawnAttachments.map((w: { reason: string }) => w.reason)).toEqual([
      '附件含银行卡号',
    ])
    expect((await request(server).get(url)).status).toBe(404)
  })

  it('should let exactly one of several withdrawals sent at once succeed, audited once with the reason shown', async () => {
    const { id, fileId } = await publishWithFile('2026-05')
    const path = `/api/v1/disclosures/${id}/attachments/${fileId}/withdraw`
    const reasons = [1, 2, 3, 4, 5, 6].map((n) => `同时撤下第${n}次`)
    const answers = await Promise.all(
      reasons.map((reason, i) =>
        request(server)
          .post(path)
          .set('Authorization', i % 2 ? township : secretary)
          .send({ reason }),
      ),
    )
    const won = answers.filter((a) => a.status === 200)
    expect(won).toHaveLength(1)
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(409)
      expect(a.body.error.message).toBe('这个附件已经撤下了')
    }
    const page = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(page.body.withdrawnAttachments.map((w: { reason: string }) => w.reason)).toEqual([
      won[0]?.body.reason,
    ])
    const audit = await t.services?.models.AuditEvent.find({
      action: 'disclosure.attachment_withdraw',
      targetId: id,
    }).lean()
    expect(audit?.map((a) => (a.data as { reason?: string }).reason)).toEqual([won[0]?.body.reason])
  })

  it('should refuse villagers (403), other villages (404), drafts (409) and a missing reason (400)', async () => {
    const { id, fileId } = await publishWithFile('2026-04')
    const path = `/api/v1/disclosures/${id}/attachments/${fileId}/withdraw`
    const villager = (await signIn(t.app, 'demo-villager')).auth
    expect(
      (await request(server).post(path).set('Authorization', villager).send({ reason: REASON })).status,
    ).toBe(403)
    const other = (await signIn(t.app, 'demo-secretary-2')).auth
    expect(
      (await request(server).post(path).set('Authorization', other).send({ reason: REASON })).status,
    ).toBe(404)
    const empty = await request(server).post(path).set('Authorization', secretary).send({})
    expect(empty.status).toBe(400)

    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: dibaoItem().id,
        period: '2026-06',
        title: '草稿附件',
        rows: buildDibaoRows(V1, 1),
      })
    const up = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/attachments`)
      .set('Authorization', secretary)
      .attach('file', PDF, { filename: 'a.pdf', contentType: 'application/pdf' })
    const onDraft = await request(server)
      .post(`/api/v1/disclosures/${created.body.id}/attachments/${up.body.id}/withdraw`)
      .set('Authorization', secretary)
      .send({ reason: REASON })
    expect(onDraft.status).toBe(409)
  })
})
