import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { writeTableXlsx } from '@cunwu/tables'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem, dibaoTable } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { PDF } from '../../testing/upload-files'

// An import is parsed in a worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * Adding or deleting a draft's file and applying an import name the revision the page shows (tester p1, D1): a page
 * that a colleague's save has left behind is refused 409 disclosure_stale, as its edit would be, instead of taking
 * in the newer revision without its content and then overwriting the colleague's save.
 */
describe('files and imports of a draft someone else saved meanwhile', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  const item = dibaoItem()

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  /** A draft, then a colleague's save of its title: the page that opened it holds revision 0, the draft is at 1. */
  async function draftSavedByColleague(period: string): Promise<string> {
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period, title: '原标题甲乙', rows: buildDibaoRows(V1, 2) })
    expect(created.status).toBe(201)
    expect(created.body.revision).toBe(0)
    const colleague = await request(server)
      .patch(`/api/v1/disclosures/${created.body.id}`)
      .set('Authorization', secretary)
      .send({ title: 'B改的标题（同事）', revision: 0 })
    expect(colleague.status).toBe(200)
    expect(colleague.body.revision).toBe(1)
    return created.body.id
  }
  const read = async (id: string) =>
    (await request(server).get(`/api/v1/disclosures/${id}`).set('Authorization', secretary)).body
  const attach = (id: string, query: string) =>
    request(server)
      .post(`/api/v1/disclosures/${id}/attachments${query}`)
      .set('Authorization', secretary)
      .attach('file', PDF, { filename: '会议记录.pdf', contentType: 'application/pdf' })

  it('should refuse a file added or deleted on a stale page with 409 disclosure_stale, and take it on the current one', async () => {
    const id = await draftSavedByColleague('2026-02')
    const stale = await attach(id, '?revision=0')
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({
      code: 'disclosure_stale',
      message: '别人刚改过这条内容，请刷新后再改',
      details: { revision: 1 },
    })
    expect(await read(id)).toMatchObject({ attachments: [], revision: 1, title: 'B改的标题（同事）' })

    const added = await attach(id, '?revision=1')
    expect(added.status).toBe(201)
    // Adding a file is a save: the page that sent revision 1 now holds 2, which nobody else has written.
    expect(await read(id)).toMatchObject({ attachments: [{ id: added.body.id }], revision: 2 })

    await request(server)
      .patch(`/api/v1/disclosures/${id}`)
      .set('Authorization', secretary)
      .send({ body: '同事又改了正文', revision: 2 })
      .expect(200)
    const staleDelete = await request(server)
      .delete(`/api/v1/disclosures/${id}/attachments/${added.body.id}?revision=2`)
      .set('Authorization', secretary)
    expect(staleDelete.status).toBe(409)
    expect(staleDelete.body.error).toMatchObject({ code: 'disclosure_stale', details: { revision: 3 } })
    expect((await read(id)).attachments).toHaveLength(1)
    await request(server)
      .delete(`/api/v1/disclosures/${id}/attachments/${added.body.id}?revision=3`)
      .set('Authorization', secretary)
      .expect(204)
    expect(await read(id)).toMatchObject({ attachments: [], revision: 4, body: '同事又改了正文' })

    // Without a revision (an app from before) both still work as they did.
    expect((await attach(id, '')).status).toBe(201)
    const bad = await attach(id, '?revision=abc')
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body.error.details)).toContain('请刷新页面后再试')
  })

  it('should refuse an import applied on a stale page with 409, keep the import, and apply it on the current one', async () => {
    const id = await draftSavedByColleague('2026-01')
    const file = await writeTableXlsx(dibaoTable(), buildDibaoRows(V1, 3), { title: '低保名单' })
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', file, { filename: '低保名单.xlsx', contentType: XLSX })
    expect(started.status).toBe(202)
    for (let i = 0; i < 1200; i++) {
      const res = await request(server)
        .get(`/api/v1/table-imports/${started.body.id}`)
        .set('Authorization', secretary)
      if (res.body.status !== 'processing') break
      await new Promise((r) => setTimeout(r, 50))
    }
    const apply = (revision: number) =>
      request(server)
        .post(`/api/v1/table-imports/${started.body.id}/apply`)
        .set('Authorization', secretary)
        .send({ disclosureId: id, revision })
    const stale = await apply(0)
    expect(stale.status).toBe(409)
    expect(stale.body.error).toMatchObject({ code: 'disclosure_stale', details: { revision: 1 } })
    expect(await read(id)).toMatchObject({ revision: 1, table: { rowCount: 2 } })

    const applied = await apply(1)
    expect(applied.status).toBe(200)
    expect(applied.body).toMatchObject({ revision: 2, title: 'B改的标题（同事）', table: { rowCount: 3 } })
  })
})
