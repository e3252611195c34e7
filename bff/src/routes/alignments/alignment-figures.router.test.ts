import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AlignmentDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { publishDisclosure, publishGovernmentItem, submitAndApprove } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const COUNTY = demoRegionOf('demo-county')
const PERIOD = '2026-07'

/**
 * Named figures: the county publishes the 低保 list with the standard (低保标准 680 元/月) for the period;
 * a village whose body says the standard is 650 is inconsistent on exactly that figure, explained in Chinese; the
 * corrected version is consistent. A village that does not restate the standard is not inconsistent for it.
 */
describe('alignment of named figures', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const item = dibaoItem()
  const as = (key: string) => auth.get(key) ?? ''

  /** V1 is in demo-township's township; V2 in another, reviewed by the county. */
  const officerOf = (village: string) => (village === V1 ? 'demo-township' : 'demo-county')

  async function publishVillage(secretary: string, village: string, body: string) {
    return publishDisclosure(
      server,
      village,
      {
        catalogItemId: item.id,
        period: PERIOD,
        title: '七月低保对象名单',
        body,
        rows: buildDibaoRows(village, 3),
      },
      { secretary: as(secretary), reviewer: as(officerOf(village)) },
    )
  }

  async function alignmentOf(disclosureId: string, officer = 'demo-township') {
    const pub = await request(server).get(`/api/v1/disclosures/${disclosureId}/alignment`)
    expect(pub.status).toBe(200)
    const staff = await request(server)
      .get(`/api/v1/alignments/${pub.body.id}`)
      .set('Authorization', as(officer))
    expect(staff.status).toBe(200)
    return { pub: AlignmentDtoSchema.parse(pub.body), staff: AlignmentDtoSchema.parse(staff.body) }
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary', 'demo-secretary-2'])
      auth.set(key, (await signIn(t.app, key)).auth)
    const rows = [
      ...buildDibaoRows(V1, 3).map((r) => ({ ...r, village: V1 })),
      ...buildDibaoRows(V2, 3).map((r) => ({ ...r, village: V2 })),
    ]
    await publishGovernmentItem(server, as('demo-county'), COUNTY, {
      catalogItemId: item.id,
      period: PERIOD,
      title: '2026年7月低保对象名单',
      body: '本县城乡低保标准为每人每月680元。',
      figures: [{ name: '低保标准', value: 680, unit: '元/月' }],
      rows,
    })
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should report a standard stated differently in the body, then turn consistent once corrected', async () => {
    const id = await publishVillage(
      'demo-secretary',
      V1,
      '经村民代表会议评议，现予公示。本村低保标准为每人每月650元。',
    )

    const { pub, staff } = await alignmentOf(id)
    expect(staff.status).toBe('inconsistent')
    expect(staff.discrepancies).toHaveLength(1)
    const [figure] = staff.discrepancies
    expect(figure).toMatchObject({
      kind: 'figure_differs',
      figure: '低保标准',
      villageValue: '650 元/月',
      governmentValue: '680 元/月',
    })
    expect(figure?.explanation).toBe(
      '低保标准：村里解读中为 650 元/月，县里公布为 680 元/月，相差 30 元/月。',
    )
    // Figures are public facts: villagers see the same explanation, and the badge counts it.
    expect(pub.discrepancies.map((d) => d.explanation)).toEqual([figure?.explanation])
    expect(pub.hiddenDiscrepancies).toBe(0)
    const shown = await request(server).get(`/api/v1/disclosures/${id}`)
    expect(shown.body.alignment).toEqual({ status: 'inconsistent', label: '1 项标准数额不一致，乡镇核查中' })
    const lines = await request(server)
      .get(`/api/v1/regions/${V1}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-township'))
    const line = lines.body.rows.find((r: { catalogItemId: string }) => r.catalogItemId === item.id)
    expect(line.explanations).toEqual([figure?.explanation])

    // The secretary corrects the standard in a new version: consistent.
    const next = await request(server)
      .post(`/api/v1/disclosures/${id}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '更正低保标准' })
    expect(next.status).toBe(201)
    await request(server)
      .patch(`/api/v1/disclosures/${next.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ body: '经村民代表会议评议，现予公示。本村低保标准为每人每月680元。' })
      .expect(200)
    await submitAndApprove(server, next.body.id, {
      secretary: as('demo-secretary'),
      reviewer: as('demo-township'),
    })
    const after = await alignmentOf(next.body.id)
    expect(after.staff.status).toBe('consistent')
    expect(after.staff.discrepancies).toEqual([])
    expect(after.staff.disclosure?.version).toBe(2)
  }, 60_000)

  it('should not count a standard the village does not restate, and compare an entered figure before the text', async () => {
    const silent = await publishVillage(
      'demo-secretary-2',
      V2,
      '经村民代表会议评议，现予公示。低保标准按县里规定执行。',
    )
    expect((await alignmentOf(silent, 'demo-county')).staff.status).toBe('consistent')

    // An entered figure wins over the text: the body agrees with the county (680), the entered 650 is compared.
    const next = await request(server)
      .post(`/api/v1/disclosures/${silent}/versions`)
      .set('Authorization', as('demo-secretary-2'))
      .send({ changeNote: '补充低保标准' })
    await request(server)
      .patch(`/api/v1/disclosures/${next.body.id}`)
      .set('Authorization', as('demo-secretary-2'))
      .send({
        body: '低保标准为每人每月680元。',
        figures: [{ name: '低保标准', value: 650, unit: '元/月' }],
      })
      .expect(200)
    await submitAndApprove(server, next.body.id, {
      secretary: as('demo-secretary-2'),
      reviewer: as('demo-county'),
    })
    const entered = await alignmentOf(next.body.id, 'demo-county')
    expect(entered.staff.disclosure?.version).toBe(2)
    expect(entered.staff.status).toBe('inconsistent')
    expect(entered.staff.discrepancies.map((d) => [d.kind, d.villageValue, d.governmentValue])).toEqual([
      ['figure_differs', '650 元/月', '680 元/月'],
    ])
  }, 60_000)

  describe('POST /api/v1/villages/:code/disclosures/prefill', () => {
    it('should copy the government figures into the pre-filled draft', async () => {
      await publishGovernmentItem(server, as('demo-county'), COUNTY, {
        catalogItemId: item.id,
        period: '2026-08',
        title: '2026年8月低保对象名单',
        figures: [
          { name: '低保标准', value: 680, unit: '元/月' },
          { name: '特困供养标准', value: '900元/月' },
        ],
        rows: buildDibaoRows(V1, 2).map((r) => ({ ...r, village: V1 })),
      })
      const draft = await request(server)
        .post(`/api/v1/villages/${V1}/disclosures/prefill`)
        .set('Authorization', as('demo-secretary'))
        .send({ catalogItemId: item.id, period: '2026-08' })
      expect(draft.status).toBe(201)
      expect(draft.body.table.rows).toHaveLength(2)
      expect(draft.body.figures).toEqual([
        { name: '低保标准', value: 680, unit: '元/月' },
        { name: '特困供养标准', value: '900元/月' },
      ])
    })
  })
})
