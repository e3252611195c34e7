import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CROSS_CHECK_KIND_ORDER, CrossCheckFindingDtoSchema, CrossCheckListDtoSchema } from '@cunwu/domain'
import type { CrossCheckFindingDto, CrossCheckKindDto, CrossCheckStatus } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const TOWNSHIP2 = `${V2.slice(0, 9)}000`
const COUNTY = demoRegionOf('demo-county')
const PERIOD = '2027-05'

/**
 * The 跨村核查 list as a township with 300 villages met it (outside tester): after a township published a 补贴标准,
 * 300 subsidy differences came first and the few person-level problems last. Findings are listed most serious first
 * (docs/cross-checks.md, "Order"), with how many of each kind; and what another township did is not named.
 */
describe('cross-check findings: order, kinds and what a township sees of another', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const ids: Record<string, string> = {}
  /** Which planted finding it is (a partial viewer's explanation is rewritten from facts). */
  const nameOf = (f: CrossCheckFindingDto) => Object.keys(ids).find((k) => ids[k] === f.id)

  async function add(
    name: string,
    kind: CrossCheckKindDto,
    villageCodes: string[],
    lastSeenAt: Date,
    status: CrossCheckStatus = 'open',
  ) {
    const f = await services.models.CrossCheckFinding.create({
      key: `listing|${name}`,
      countyCode: COUNTY,
      kind,
      catalogItemId: dibaoItem().id,
      period: PERIOD,
      subject: name,
      villageCodes,
      townshipCodes: [...new Set(villageCodes.map((v) => `${v.slice(0, 9)}000`))],
      rows: villageCodes.map((villageCode, i) => ({
        disclosureId: new Types.ObjectId(),
        villageCode,
        catalogItemId: dibaoItem().id,
        rowIndex: i,
      })),
      explanation: name,
      status,
      firstSeenAt: lastSeenAt,
      lastSeenAt,
      revision: 1,
    })
    ids[name] = f._id.toHexString()
  }

  const list = async (who: string, region: string, query = '') => {
    const res = await request(server)
      .get(`/api/v1/regions/${region}/cross-checks?period=${PERIOD}${query}`)
      .set('Authorization', as(who))
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return CrossCheckListDtoSchema.parse(res.body)
  }

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-township', 'demo-county', 'demo-newcomer']) {
      auth[key] = (await signIn(t.app, key)).auth
    }
    // The second township's officer: the demo has none, so the newcomer is given that grant.
    await services.models.User.updateOne(
      { demoUserKey: 'demo-newcomer' },
      { $set: { roles: [{ role: 'township', regionCode: TOWNSHIP2 }] } },
    )
    const old = new Date('2027-05-02T00:00:00.000Z')
    // 300 subsidy differences, the newest; the person-level problems found days before.
    for (let i = 0; i < 300; i += 1) {
      await add(`above-${i}`, 'above_standard', [V1], new Date(Date.UTC(2027, 4, 9, 0, 0, i)))
    }
    await add('two-villages', 'duplicate_person', [V1, V2], old)
    await add('account', 'shared_account', [V1], old)
    await add('twice', 'duplicate_in_village', [V1], new Date('2027-05-03T00:00:00.000Z'))
    await add('after-exit-closed', 'listed_after_exit', [V1], old, 'closed')
    await add('above-resolved', 'above_standard', [V1], new Date('2027-05-10T00:00:00.000Z'), 'resolved')
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('should list person-level problems first, handled ones last, newest first within, with counts by kind', async () => {
    const first = await list('demo-township', TOWNSHIP, '&limit=50')
    expect(first.findings.slice(0, 4).map(nameOf)).toEqual(['two-villages', 'twice', 'account', 'above-299'])
    expect(first.findings[49] && nameOf(first.findings[49])).toBe('above-253')
    expect(first.page).toEqual({ offset: 0, limit: 50, total: 305, nextOffset: 50 })
    expect(first.kinds).toEqual({
      duplicate_person: 1,
      above_standard: 301,
      listed_after_exit: 1,
      shared_account: 1,
      duplicate_in_village: 1,
    })
    // Page by page: every finding once, in one order across the groups a page spans.
    const all: CrossCheckFindingDto[] = []
    let offset: number | null = 0
    while (offset !== null) {
      const page = await list('demo-township', TOWNSHIP, `&limit=50&offset=${offset}`)
      all.push(...page.findings)
      offset = page.page.nextOffset
    }
    expect(all).toHaveLength(305)
    expect(new Set(all.map((f) => f.id)).size).toBe(305)
    expect(all.slice(-2).map(nameOf)).toEqual(['after-exit-closed', 'above-resolved'])
    const rank = (f: CrossCheckFindingDto) =>
      (f.status === 'open' || f.status === 'confirmed' ? 0 : 10) + CROSS_CHECK_KIND_ORDER.indexOf(f.kind)
    expect(all.map(rank)).toEqual(all.map(rank).sort((a, b) => a - b))
    // A larger page across the same groups gives the same order.
    const whole = await list('demo-township', TOWNSHIP, '&limit=500')
    expect(whole.findings.map((f) => f.id)).toEqual(all.map((f) => f.id))
  })

  it('should filter by kind, status and village, counting kinds under the other filters', async () => {
    const shared = await list('demo-township', TOWNSHIP, '&kind=shared_account')
    expect(shared.findings.map(nameOf)).toEqual(['account'])
    expect(shared.page.total).toBe(1)
    expect(shared.kinds.above_standard).toBe(301)
    const open = await list('demo-township', TOWNSHIP, '&status=open&kind=above_standard&limit=2')
    expect(open.findings.map(nameOf)).toEqual(['above-299', 'above-298'])
    expect(open.page.total).toBe(300)
    expect(open.kinds).toMatchObject({ listed_after_exit: 0, above_standard: 300 })
    const v2 = await list('demo-county', COUNTY, `&village=${V2}`)
    expect(v2.findings.map(nameOf)).toEqual(['two-villages'])
    expect(v2.kinds).toEqual({
      duplicate_person: 1,
      above_standard: 0,
      listed_after_exit: 0,
      shared_account: 0,
      duplicate_in_village: 0,
    })
  })

  it("should not name another township's officer or words on a step, and read one finding by id", async () => {
    const seen = (await list('demo-newcomer', TOWNSHIP2)).findings
    expect(seen.map(nameOf)).toEqual(['two-villages'])
    const confirmed = await request(server)
      .post(`/api/v1/cross-checks/${ids['two-villages']}/confirm`)
      .set('Authorization', as('demo-newcomer'))
      .send({ comment: '白沙乡杨洲村已停发', revision: seen[0]?.revision })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    expect(confirmed.body.confirmation.text).toBe('白沙乡杨洲村已停发')

    const get = (who: string, id = ids['two-villages']) =>
      request(server).get(`/api/v1/cross-checks/${id}`).set('Authorization', as(who))
    const township = await get('demo-township')
    expect(township.status).toBe(200)
    const mine = CrossCheckFindingDtoSchema.parse(township.body)
    expect(mine.confirmation).toMatchObject({ name: '外乡镇工作人员', text: null })
    expect(mine.villages.map((v) => v.code)).toEqual([V1])
    expect(mine.elsewhere).toBe(true)
    expect(JSON.stringify(mine)).not.toContain('杨洲')
    expect(JSON.stringify(mine)).not.toContain(V2)
    const listed = (await list('demo-township', TOWNSHIP, '&kind=duplicate_person')).findings[0]
    expect(listed?.confirmation).toEqual(mine.confirmation)

    const county = CrossCheckFindingDtoSchema.parse((await get('demo-county')).body)
    expect(county.confirmation?.text).toBe('白沙乡杨洲村已停发')
    expect(county.villages.map((v) => v.code)).toEqual([V1, V2])
    // The officer's own step is theirs to read; a finding of no village of theirs is 404.
    expect((await get('demo-newcomer')).body.confirmation.text).toBe('白沙乡杨洲村已停发')
    expect((await get('demo-newcomer', ids.account)).status).toBe(404)
    expect((await get('demo-township', new Types.ObjectId().toHexString())).status).toBe(404)
  })
})
