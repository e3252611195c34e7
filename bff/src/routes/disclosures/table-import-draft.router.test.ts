import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DisclosureDtoSchema } from '@cunwu/domain'
import { writeTableXlsx } from '@cunwu/tables'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem, dibaoTable } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

// Every import is parsed in a new worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A secretary imports a table before saving anything: the import creates the draft. */
describe('POST /api/v1/table-imports/:id/apply with a new draft', () => {
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

  async function readyImport(count: number, householdNos: string[] = []): Promise<string> {
    const rows = buildDibaoRows(V1, count).map((r, i) => ({
      ...r,
      household_no: householdNos[i] ?? r.household_no,
    }))
    const file = await writeTableXlsx(dibaoTable(), rows, { title: '低保名单' })
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', file, { filename: '低保名单.xlsx', contentType: XLSX })
    expect(started.status).toBe(202)
    for (let i = 0; i < 1200; i++) {
      const res = await request(server)
        .get(`/api/v1/table-imports/${started.body.id}`)
        .set('Authorization', secretary)
      if (res.body.status === 'ready') return started.body.id
      if (res.body.status !== 'processing') throw new Error(`import ${res.body.status}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  const apply = (id: string, body: object) =>
    request(server).post(`/api/v1/table-imports/${id}/apply`).set('Authorization', secretary).send(body)

  it('should create the draft with the imported rows when no draft exists yet', async () => {
    const id = await readyImport(6)
    const applied = await apply(id, { draft: { period: '2026-03', title: '2026年3月低保名单' } })
    expect(applied.status).toBe(200)
    const dto = DisclosureDtoSchema.parse(applied.body)
    expect(dto).toMatchObject({ status: 'draft', version: 1, period: '2026-03', title: '2026年3月低保名单' })
    expect(dto.table?.rowCount).toBe(6)
    const stored = await request(server).get(`/api/v1/disclosures/${dto.id}`).set('Authorization', secretary)
    expect(stored.body.table.rowCount).toBe(6)
    expect((await apply(id, { draft: { period: '2026-05', title: '再来一次' } })).status).toBe(409)
  })

  it('should refuse a draft for a period that already has one, naming the existing disclosure', async () => {
    const first = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period: '2026-06', title: '六月低保名单' })
    expect(first.status).toBe(201)
    // Another copy (another tab): the same content sent again at once would be a double tap, answered with the first.
    const again = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: item.id, period: '2026-06', title: '六月低保名单（另一份）' })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({
      code: 'disclosure_exists',
      details: { disclosureId: first.body.id },
    })
    const id = await readyImport(3)
    const applied = await apply(id, { draft: { period: '2026-06', title: '六月低保名单' } })
    expect(applied.status).toBe(409)
    expect(applied.body.error).toMatchObject({
      code: 'disclosure_exists',
      details: { disclosureId: first.body.id },
    })
    // Nothing was used up: the same import still goes into the existing draft.
    expect((await apply(id, { disclosureId: first.body.id })).status).toBe(200)
  })

  it('should apply every 户号 the check accepted (一组-001, 001号, 户号：003), as rows typed or sent as JSON are', async () => {
    const written = ['一组-001', '001号', '户号：003']
    const id = await readyImport(3, written)
    const checked = await request(server).get(`/api/v1/table-imports/${id}`).set('Authorization', secretary)
    expect([checked.body.status, checked.body.errorCount]).toEqual(['ready', 0])
    const applied = await apply(id, { draft: { period: '2026-08', title: '八月低保名单' } })
    expect(applied.status).toBe(200)
    const stored = await request(server)
      .get(`/api/v1/disclosures/${applied.body.id}`)
      .set('Authorization', secretary)
    // Kept as written (the reader gives full-width punctuation in its half-width form).
    expect(stored.body.table.rows.map((r: { household_no: string }) => r.household_no)).toEqual([
      '一组-001',
      '001号',
      '户号:003',
    ])
    const typed = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({
        catalogItemId: item.id,
        period: '2026-09',
        title: '九月低保名单',
        rows: buildDibaoRows(V1, 1).map((r) => ({ ...r, household_no: '一组-001' })),
      })
    expect(typed.status).toBe(201)
  })

  it('should apply one import once when two secretaries apply it at once: one draft, the other told to wait or that it is used', async () => {
    // A second secretary of the village: each person applies one import at a time (429 too_many_imports).
    const other = (await signIn(t.app, 'import-secretary-b')).auth
    const me = await request(server).get('/api/v1/me').set('Authorization', other)
    await t.services!.models.User.updateOne(
      { _id: me.body.id },
      { $set: { roles: [{ role: 'secretary', regionCode: V1 }] } },
    )
    for (let round = 0; round < 6; round++) {
      const id = await readyImport(2)
      const periods = [
        `2025-${String(2 * round + 1).padStart(2, '0')}`,
        `2025-${String(2 * round + 2).padStart(2, '0')}`,
      ]
      const answers = await Promise.all(
        [secretary, other].map((who, i) =>
          request(server)
            .post(`/api/v1/table-imports/${id}/apply`)
            .set('Authorization', who)
            .send({ draft: { period: periods[i], title: `${periods[i]}低保名单（导入）` } }),
        ),
      )
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
      const loser = answers.find((a) => a.status === 409)!
      // While the winner writes: 请稍候再看 (it may yet fail); once written: 该导入已使用.
      expect([
        { code: 'submission_in_progress', message: '这份表格正在由其他人导入，请稍候再看' },
        { code: 'invalid_transition', message: '该导入已使用' },
      ]).toContainEqual({ code: loser.body.error.code, message: loser.body.error.message })
      // Nothing of the loser was written: one draft from the one file.
      const drafts = await t.services!.models.Disclosure.countDocuments({
        regionCode: V1,
        catalogItemId: item.id,
        period: { $in: periods },
      })
      expect(drafts).toBe(1)
    }
  })

  it('should answer 400 for a bad draft, for both a draft and a disclosureId, and for neither', async () => {
    const id = await readyImport(2)
    for (const body of [
      { draft: { period: '2026-07', title: '一' } },
      { draft: { period: '七月', title: '七月低保名单' } },
      { draft: { period: '2026-07', title: '七月低保名单' }, disclosureId: '65f0000000000000000000d1' },
      {},
    ]) {
      const res = await apply(id, body)
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    }
  })

  it('should tell an apply refused while another runs to wait, not that the import is used, when the other then fails', async () => {
    const other = (await signIn(t.app, 'import-secretary-b')).auth
    const me = await request(server).get('/api/v1/me').set('Authorization', other)
    await t.services!.models.User.updateOne(
      { _id: me.body.id },
      { $set: { roles: [{ role: 'secretary', regionCode: V1 }] } },
    )
    const disclosures = t.services!.disclosures
    const create = disclosures.create.bind(disclosures)
    for (let round = 0; round < 3; round++) {
      const id = await readyImport(2)
      // The first apply's draft fails after a moment (as a draft refused by the database would).
      let first = true
      const spy = vi.spyOn(disclosures, 'create').mockImplementation(async (...args) => {
        if (!first) return create(...args)
        first = false
        await new Promise((resolve) => setTimeout(resolve, 400))
        throw new Error('draft refused')
      })
      const body = { draft: { period: `2024-0${round + 1}`, title: `2024年${round + 1}月低保名单（导入）` } }
      const failing = apply(id, body).then((r) => r)
      await new Promise((resolve) => setTimeout(resolve, 150))
      const refused = await request(server)
        .post(`/api/v1/table-imports/${id}/apply`)
        .set('Authorization', other)
        .send(body)
      expect((await failing).status).toBe(500)
      expect(refused.status).toBe(409)
      expect(refused.body.error).toEqual({
        code: 'submission_in_progress',
        message: '这份表格正在由其他人导入，请稍候再看',
        details: { retryAfterSeconds: 2 },
      })
      expect(refused.headers['retry-after']).toBe('2')
      // The import was given back: the retry applies it, and only then is it used.
      const retried = await request(server)
        .post(`/api/v1/table-imports/${id}/apply`)
        .set('Authorization', other)
        .send(body)
      expect(retried.status).toBe(200)
      spy.mockRestore()
      const again = await apply(id, body)
      expect([again.status, again.body.error?.message]).toEqual([409, '该导入已使用'])
    }
  })
})
