import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DisclosureDtoSchema, findSensitiveNumbers, formatYuan, type TableRow } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, buildIdNumber, dibaoItem } from '../../testing/factories'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const heads = demoHouseholds(V1).map((h) => h.headName)

/**
 * Versions as villagers read them: an old version opened by number, the rows a version changed (as the public
 * sees them), and the inbox message that says what an update changed.
 */
describe('disclosure versions', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const item = dibaoItem()
  let v1 = ''
  let v2 = ''

  const as = (key: string) => auth[key] ?? ''

  async function publish(id: string) {
    const submitted = await request(server)
      .post(`/api/v1/disclosures/${id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({ confirmRosterMismatches: true })
    expect(submitted.status).toBe(200)
    const approved = await request(server)
      .post(`/api/v1/disclosures/${id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: await seenRevision(server, id, as('demo-township')) })
    expect(approved.status).toBe(200)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-secretary-2', 'demo-township', 'demo-villager']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
    const followed = await request(server)
      .post('/api/v1/subscriptions')
      .set('Authorization', as('demo-villager'))
      .send({ category: item.domainId, results: { tmpl_disclosure_published: 'accept' } })
    expect(followed.status).toBe(201)

    const all: TableRow[] = buildDibaoRows(V1)
    // The last row is about a minor: never public, so never marked or counted for the public.
    all[29] = { ...all[29], id_number: buildIdNumber('2015-06-01', 99) }
    const first = all.filter((_, i) => i !== 28)
    const created = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', as('demo-secretary'))
      .send({ catalogItemId: item.id, period: '2026-09', title: '2026年9月低保名单公示', rows: first })
    expect(created.status).toBe(201)
    v1 = created.body.id
    await publish(v1)

    const next = await request(server)
      .post(`/api/v1/disclosures/${v1}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正第3户金额，补上漏报的一户，身份证360999195001011234有误' })
    expect(next.status).toBe(201)
    v2 = next.body.id
    const second = all
      .map((r, i) => {
        if (i === 2) return { ...r, amount: 99_900 }
        // Only hidden cells change here: the public sees the same rows.
        if (i === 3) return { ...r, bank_account: '6217009999999999999' }
        if (i === 29) return { ...r, amount: 12_300 }
        return r
      })
      .filter((_, i) => i !== 5)
    const patched = await request(server)
      .patch(`/api/v1/disclosures/${v2}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: second })
    expect(patched.status).toBe(200)
    await publish(v2)
  })
  afterAll(async () => {
    await t.close()
  })

  describe('GET /api/v1/disclosures/:id/versions/:version', () => {
    it('should open an old version by number from any version of the series, to anyone', async () => {
      const res = await request(server).get(`/api/v1/disclosures/${v2}/versions/1`)
      expect(res.status).toBe(200)
      const dto = DisclosureDtoSchema.parse(res.body)
      expect(dto.id).toBe(v1)
      expect(dto.version).toBe(1)
      expect(dto.status).toBe('superseded')
      expect(dto.alignment.supersededBy).toEqual({ id: v2, version: 2 })
      expect(dto.rowChanges).toBeNull()
      expect(findSensitiveNumbers(JSON.stringify(res.body))).toEqual([])
    })

    it('should mark the rows the public sees changed, not those changed only in hidden columns', async () => {
      const res = await request(server).get(`/api/v1/disclosures/${v1}/versions/2`)
      expect(res.status).toBe(200)
      const dto = DisclosureDtoSchema.parse(res.body)
      expect(dto.id).toBe(v2)
      const names = dto.table?.rows.map((r) => r.name) ?? []
      const marked = (mark: string) => names.filter((_, i) => dto.rowChanges?.marks[i] === mark)
      expect(dto.rowChanges).toMatchObject({ sinceVersion: 1, added: 1, changed: 1, removed: 1 })
      expect(marked('changed')).toEqual([heads[2]])
      expect(marked('added')).toEqual([heads[28]])
      expect(dto.rowChanges?.marks).toHaveLength(names.length)
      expect(findSensitiveNumbers(JSON.stringify(res.body))).toEqual([])
    })

    it('should say of a changed row which cells changed and from what, as the public sees both versions', async () => {
      const [before, after] = await Promise.all(
        [v1, v2].map(async (id) =>
          DisclosureDtoSchema.parse((await request(server).get(`/api/v1/disclosures/${id}`)).body),
        ),
      )
      if (!before || !after) throw new Error('versions missing')
      const cells = after.rowChanges?.cells ?? []
      expect(cells).toHaveLength(after.table?.rows.length ?? -1)
      const at = after.table?.rows.findIndex((r) => r.name === heads[2]) ?? -1
      const was = before.table?.rows.find((r) => r.name === heads[2])
      // 保障金额 from the amount the first version showed to the corrected one; nothing else of the row.
      expect(cells[at]).toEqual([{ column: 'amount', before: was?.amount, after: 99_900 }])
      expect(was?.amount).not.toBe(99_900)
      // A row changed only in a never-public column (bank account) names no cell, and no hidden column appears.
      const hidden = item.table?.columns.filter((c) => c.policy === 'never_public').map((c) => c.key) ?? []
      expect(hidden.length).toBeGreaterThan(0)
      const named = cells.flatMap((c) => c ?? []).map((c) => c.column)
      expect(named.filter((c) => hidden.includes(c))).toEqual([])
      expect(cells.filter((c) => c !== null)).toHaveLength(1)
      expect(findSensitiveNumbers(JSON.stringify(after))).toEqual([])
    })

    it('should show the village’s staff every changed cell, hidden columns too', async () => {
      const res = await request(server)
        .get(`/api/v1/disclosures/${v2}`)
        .set('Authorization', as('demo-secretary'))
      const dto = DisclosureDtoSchema.parse(res.body)
      const at = dto.table?.rows.findIndex((r) => r.name === heads[3]) ?? -1
      expect(dto.rowChanges?.cells?.[at]).toEqual([
        { column: 'bank_account', before: '6217001234567890123', after: '6217009999999999999' },
      ])
    })

    it('should mark the changed rows when the current version is opened by id too', async () => {
      const res = await request(server).get(`/api/v1/disclosures/${v2}`)
      expect(res.body.rowChanges).toMatchObject({ sinceVersion: 1, added: 1, changed: 1, removed: 1 })
    })

    it('should count in the history only the row changes the public can see', async () => {
      const res = await request(server).get(`/api/v1/disclosures/${v2}/versions`)
      expect(res.body.versions[0].changes).toEqual(
        expect.arrayContaining(['新增 1 行', '删除 1 行', '修改 1 行']),
      )
      // The totals it names are the public tables' (the minor's row changed too, and is counted in neither).
      const amount = item.table?.columns.find((c) => c.key === 'amount')
      const [before, after] = await Promise.all(
        [v1, v2].map(async (id) =>
          DisclosureDtoSchema.parse((await request(server).get(`/api/v1/disclosures/${id}`)).body),
        ),
      )
      // 元 as the table writes them (4,510.00), not 4510.00 beside it (tester t3 L6).
      const yuan = (dto: typeof before) => formatYuan(dto?.table?.totals.amount ?? 0)
      const line = `${amount?.label}合计由 ${yuan(before)} 元变为 ${yuan(after)} 元`
      expect(line).toMatch(/合计由 \d{1,3}(,\d{3})+\.\d{2} 元变为 \d{1,3}(,\d{3})+\.\d{2} 元$/)
      expect(res.body.versions[0].changes).toContain(line)
    })

    it('should refuse a change note or a retraction reason naming a child, which the public would read', async () => {
      const note = await request(server)
        .post(`/api/v1/disclosures/${v2}/versions`)
        .set('Authorization', as('demo-secretary'))
        .send({ changeNote: '李秀英的孙子王小明今年8岁，在云溪小学读二年级，计入家庭人口' })
      expect([note.status, note.body.error?.code]).toEqual([422, 'minor_details'])
      expect(note.body.error.message).toMatch(/^更改说明会公开/)
      const reason = await request(server)
        .post(`/api/v1/disclosures/${v2}/retract`)
        .set('Authorization', as('demo-secretary'))
        .send({ reason: '名单漏了一户，该户女儿十二周岁' })
      expect([reason.status, reason.body.error?.code]).toEqual([422, 'minor_details'])
      expect((await request(server).get(`/api/v1/disclosures/${v2}`)).body.status).toBe('published')
    })

    it('should hide a draft version from the public and show it to the village’s staff', async () => {
      const v3 = await request(server)
        .post(`/api/v1/disclosures/${v2}/versions`)
        .set('Authorization', as('demo-secretary'))
        .send({ changeNote: '再核对一次' })
      expect(v3.status).toBe(201)
      expect((await request(server).get(`/api/v1/disclosures/${v1}/versions/3`)).status).toBe(404)
      const other = await request(server)
        .get(`/api/v1/disclosures/${v1}/versions/3`)
        .set('Authorization', as('demo-secretary-2'))
      expect(other.status).toBe(404)
      const own = await request(server)
        .get(`/api/v1/disclosures/${v1}/versions/3`)
        .set('Authorization', as('demo-secretary'))
      expect(own.status).toBe(200)
      expect(own.body.status).toBe('draft')
      // A draft's own id opens nothing for the public either, not even its older versions.
      expect((await request(server).get(`/api/v1/disclosures/${v3.body.id}/versions/1`)).status).toBe(404)
    })

    it('should answer 404 for a version that does not exist and 400 for a bad one', async () => {
      const missing = await request(server).get(`/api/v1/disclosures/${v1}/versions/99`)
      expect(missing.status).toBe(404)
      expect(missing.body.error.code).toBe('not_found')
      for (const bad of ['0', 'abc', '-1', '1.5', '100000']) {
        const res = await request(server).get(`/api/v1/disclosures/${v1}/versions/${bad}`)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
      const badId = await request(server).get('/api/v1/disclosures/zzz/versions/1')
      expect(badId.status).toBe(400)
    })
  })

  describe('the update message in the inbox', () => {
    it('should say what changed: the change note and the rows, by their public names', async () => {
      const inbox = await request(server).get('/api/v1/inbox').set('Authorization', as('demo-villager'))
      expect(inbox.status).toBe(200)
      const update = inbox.body.entries.find(
        (e: { eventType: string; link: { query: { id?: string } } }) =>
          e.eventType === 'disclosure.updated' && e.link.query.id === v2,
      )
      expect(update?.body).toContain('更正第3户金额，补上漏报的一户')
      expect(update?.body).toContain(`修改 1 行（${heads[2]}）`)
      expect(update?.body).toContain(`新增 1 行（${heads[28]}）`)
      expect(update?.body).toContain('删除 1 行')
      expect(findSensitiveNumbers(JSON.stringify(inbox.body))).toEqual([])
    })
  })
})
