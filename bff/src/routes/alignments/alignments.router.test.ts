import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { subsidyRows } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

/**
 * The whole alignment scenario: the county imports a subsidy roster for 3 villages; one village publishes a list with
 * one household's amount wrong; the township dashboard shows that village red with the one discrepancy explained;
 * the secretary publishes a corrected version; the dashboard turns green and the badge says 一致·已核验 after the
 * township confirms.
 */
const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const PERIOD = '2026'
const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')

describe('government items, alignment, verification and the compliance dashboard', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  let sibling = ''
  let siblingName = ''
  let govId = ''

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary', 'demo-secretary-2', 'demo-villager'])
      auth.set(key, (await signIn(t.app, key)).auth)
    const children = await request(server).get(`/api/v1/regions/${TOWNSHIP}/children`)
    const other = children.body.regions.find((r: { code: string }) => r.code !== V1)
    sibling = other.code
    siblingName = other.name
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })
  const as = (key: string) => auth.get(key) ?? ''

  describe('POST /api/v1/regions/:code/government-items', () => {
    it('should refuse rows with an unknown division code or a malformed amount with row details, saving nothing', async () => {
      const rows = [
        { ...subsidyRows(V1, 1)[0], village: V1 },
        { ...subsidyRows(V1, 1)[0], village: '360999999999' },
        { ...subsidyRows(V1, 1)[0], amount: '一千元', village: V1 },
      ]
      const res = await request(server)
        .post(`/api/v1/regions/${COUNTY}/government-items`)
        .set('Authorization', as('demo-county'))
        .send({ catalogItemId: ITEM, period: PERIOD, title: '耕地地力保护补贴发放名册', rows })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('government_rows_invalid')
      const errors: { row: number; column: string }[] = res.body.error.details.errors
      expect(errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'village'],
        [3, 'amount'],
      ])
      const list = await request(server)
        .get(`/api/v1/regions/${COUNTY}/government-items`)
        .set('Authorization', as('demo-county'))
      expect(list.body.governmentItems).toEqual([])
    })

    it('should refuse a township publishing for the county (403) and a bad body (400)', async () => {
      const foreign = await request(server)
        .post(`/api/v1/regions/${COUNTY}/government-items`)
        .set('Authorization', as('demo-township'))
        .send({ catalogItemId: ITEM, period: PERIOD, title: '名册' })
      expect(foreign.status).toBe(403)
      const bad = await request(server)
        .post(`/api/v1/regions/${COUNTY}/government-items`)
        .set('Authorization', as('demo-county'))
        .send({ period: 'soon' })
      expect(bad.status).toBe(400)
      expect(bad.body.error.code).toBe('validation_error')
    })

    it('should let the county publish a roster covering three villages (one named, not coded)', async () => {
      const rows = [
        ...subsidyRows(V1).map((r) => ({ ...r, village: V1 })),
        ...subsidyRows(sibling).map((r) => ({ ...r, village: siblingName })),
        ...subsidyRows(V2).map((r) => ({ ...r, village: V2 })),
      ]
      const created = await request(server)
        .post(`/api/v1/regions/${COUNTY}/government-items`)
        .set('Authorization', as('demo-county'))
        .send({ catalogItemId: ITEM, period: PERIOD, title: '2026年耕地地力保护补贴发放名册', rows })
      expect(created.status).toBe(201)
      expect(created.body.villageCodes).toEqual([V1, sibling, V2].sort())
      govId = created.body.id
      const published = await request(server)
        .post(`/api/v1/government-items/${govId}/publish`)
        .set('Authorization', as('demo-county'))
      expect(published.status).toBe(200)
      expect(published.body.status).toBe('published')
      // The public view of one village: the privacy presenter drops ID and bank numbers.
      const view = await request(server).get(`/api/v1/government-items/${govId}?village=${V1}`)
      expect(view.status).toBe(200)
      expect(view.body.table.rowCount).toBe(3)
      expect(JSON.stringify(view.body)).not.toMatch(/6217001234567890123|\d{17}[\dX]/)
    })
  })

  it('should run the whole scenario: wrong amount → red → corrected version → green → confirmed badge', async () => {
    // Enter once: the secretary's draft is pre-filled from the county rows of V1.
    const draft = await request(server)
      .post(`/api/v1/villages/${V1}/disclosures/prefill`)
      .set('Authorization', as('demo-secretary'))
      .send({ catalogItemId: ITEM, period: PERIOD })
    expect(draft.status).toBe(201)
    expect(draft.body.table.rows).toHaveLength(3)
    const wrong = subsidyRows(V1)
    const first = wrong[0]
    if (!first) throw new Error('no rows')
    wrong[0] = { ...first, amount: 51_000 } // county: 500.00 元; village typed 510.00 元
    const patched = await request(server)
      .patch(`/api/v1/disclosures/${draft.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: wrong })
    expect(patched.status).toBe(200)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: await seenRevision(server, draft.body.id, as('demo-township')) })
      .expect(200)

    // The township dashboard: V1 red, one discrepancy explained.
    const township = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-township'))
    expect(township.status).toBe(200)
    const v1 = township.body.children.find((c: { code: string }) => c.code === V1)
    expect(v1.health).toBe('red')
    expect(v1.counts.inconsistent).toBe(1)
    const siblingLine = township.body.children.find((c: { code: string }) => c.code === sibling)
    expect(siblingLine.counts.villageMissing).toBe(1)
    const village = await request(server)
      .get(`/api/v1/regions/${V1}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-township'))
    const line = village.body.rows.find((r: { catalogItemId: string }) => r.catalogItemId === ITEM)
    expect(line.alignmentStatus).toBe('inconsistent')
    const detail = await request(server)
      .get(`/api/v1/alignments/${line.alignmentId}`)
      .set('Authorization', as('demo-township'))
    expect(detail.status).toBe(200)
    const rowLevel = detail.body.discrepancies.filter((d: { kind: string }) => d.kind === 'amount_differs')
    expect(rowLevel).toHaveLength(1)
    expect(rowLevel[0].explanation).toContain(first.name)
    expect(rowLevel[0].explanation).toContain('510.00')
    expect(line.explanations.join('')).toContain('510.00')

    // The villager's badge, and the public alignment view without households.
    const badge = await request(server).get(`/api/v1/disclosures/${draft.body.id}`)
    expect(badge.body.alignment.status).toBe('inconsistent')
    // Counted as a villager counts: one household, and the 10 元 the total differs by because of it.
    expect(badge.body.alignment.label).toBe('1 户有差异，合计相差 10.00 元，乡镇核查中')
    const pub = await request(server).get(`/api/v1/disclosures/${draft.body.id}/alignment`)
    expect(pub.status).toBe(200)
    expect(pub.body.label).toBe(badge.body.alignment.label)
    expect(
      pub.body.discrepancies.every(
        (d: { kind: string }) => d.kind === 'total_differs' || d.kind === 'figure_differs',
      ),
    ).toBe(true)
    expect(pub.body.hiddenDiscrepancies).toBeGreaterThanOrEqual(1)
    expect(JSON.stringify(pub.body)).not.toContain(first.name)
    expect(pub.body.government.url).toContain(govId)

    // Verification: a foreign township is refused; confirming a discrepancy is refused; asking for a correction works.
    const seen = {
      fingerprint: detail.body.fingerprint,
      disclosureVersion: 1,
      governmentVersion: 1,
      revision: detail.body.revision,
    }
    const confirmWrong = await request(server)
      .post(`/api/v1/alignments/${line.alignmentId}/verify`)
      .set('Authorization', as('demo-township'))
      .send({ action: 'confirm', ...seen })
    expect(confirmWrong.status).toBe(409)
    expect(confirmWrong.body.error.code).toBe('invalid_transition')
    const ask = await request(server)
      .post(`/api/v1/alignments/${line.alignmentId}/verify`)
      .set('Authorization', as('demo-township'))
      .send({ action: 'request_correction', comment: '请按县里名单更正第一户金额', ...seen })
    expect(ask.status).toBe(200)
    expect(ask.body.revision).toBe(seen.revision + 1)
    expect(ask.body.correction.text).toContain('更正')
    const inbox = await request(server).get('/api/v1/inbox').set('Authorization', as('demo-secretary'))
    expect(JSON.stringify(inbox.body)).toContain('不一致')

    // The secretary publishes a corrected version; the comparison is recomputed and the old fingerprint is stale.
    const v2 = await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '按县里名单更正金额' })
    expect(v2.status).toBe(201)
    await request(server)
      .patch(`/api/v1/disclosures/${v2.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: subsidyRows(V1) })
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: await seenRevision(server, v2.body.id, as('demo-township')) })
      .expect(200)

    const green = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-township'))
    expect(green.body.children.find((c: { code: string }) => c.code === V1).health).toBe('green')
    const stale = await request(server)
      .post(`/api/v1/alignments/${line.alignmentId}/verify`)
      .set('Authorization', as('demo-township'))
      .send({ action: 'resolve', reason: '县里名单晚改', ...seen })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('alignment_stale')

    const now = await request(server)
      .get(`/api/v1/alignments/${line.alignmentId}`)
      .set('Authorization', as('demo-township'))
    expect(now.body.status).toBe('consistent')
    expect(now.body.disclosure.version).toBe(2)
    const confirmed = await request(server)
      .post(`/api/v1/alignments/${line.alignmentId}/verify`)
      .set('Authorization', as('demo-township'))
      .send({
        action: 'confirm',
        fingerprint: now.body.fingerprint,
        disclosureVersion: 2,
        governmentVersion: 1,
        revision: now.body.revision,
      })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.status).toBe('verified')

    const after = await request(server).get(`/api/v1/disclosures/${v2.body.id}`)
    expect(after.body.alignment.status).toBe('verified')
    expect(after.body.alignment.label).toMatch(/一致 · 已核验（.+，\d{4}-\d{2}-\d{2}）/)
    const county = await request(server)
      .get(`/api/v1/regions/${COUNTY}/compliance?period=${PERIOD}`)
      .set('Authorization', as('demo-county'))
    expect(county.status).toBe(200)
    expect(county.body.counts.verified).toBe(1)
    expect(county.body.children.find((c: { code: string }) => c.code === TOWNSHIP).counts.verified).toBe(1)
  }, 60_000)

  describe('POST /api/v1/alignments/:id/verify', () => {
    it('should refuse a township verifying outside its region (404, as an unknown id) and a bad body (400)', async () => {
      const res = await request(server)
        .get(`/api/v1/regions/${V2}/compliance?period=${PERIOD}`)
        .set('Authorization', as('demo-county'))
      const line = res.body.rows.find((r: { catalogItemId: string }) => r.catalogItemId === ITEM)
      expect(line.alignmentStatus).toBe('village_missing')
      const foreign = await request(server)
        .post(`/api/v1/alignments/${line.alignmentId}/verify`)
        .set('Authorization', as('demo-township'))
        .send({
          action: 'confirm',
          fingerprint: 'x',
          disclosureVersion: null,
          governmentVersion: 1,
          revision: 1,
        })
      expect(foreign.status).toBe(404)
      const bad = await request(server)
        .post(`/api/v1/alignments/${line.alignmentId}/verify`)
        .set('Authorization', as('demo-county'))
        .send({ action: 'approve' })
      expect(bad.status).toBe(400)
    })
  })

  describe('GET /api/v1/regions/:code/compliance.xlsx', () => {
    it('should export the lines as an Excel workbook, and refuse a bad period', async () => {
      const res = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/compliance.xlsx?period=${PERIOD}`)
        .set('Authorization', as('demo-township'))
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = []
          r.on('data', (c: Buffer) => chunks.push(c))
          r.on('end', () => cb(null, Buffer.concat(chunks)))
        })
      expect(res.status).toBe(200)
      expect(res.headers['content-type']).toContain('spreadsheetml')
      const { readTableFile } = await import('@cunwu/tables')
      const sheet = (await readTableFile(res.body, { filename: 'x.xlsx' })).sheets[0]
      expect(sheet?.rows.flat().join('|')).toContain('已核验')
      const bad = await request(server)
        .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=Q9`)
        .set('Authorization', as('demo-township'))
      expect(bad.status).toBe(400)
    })
  })
})
