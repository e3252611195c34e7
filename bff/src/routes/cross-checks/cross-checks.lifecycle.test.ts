import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableRow } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { dibaoItem } from '../../testing/factories'
import { CROSS_CHECK_PERIOD, plantedDibaoLists } from '../../testing/cross-checks'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

/**
 * Cross-village findings over their life (docs/cross-checks.md): the county's yearly 低保标准 binds the monthly
 * lists; each township and secretary is told only of its own villages' people; a finding spanning two townships is
 * the county's to resolve; lists off the public board (expired) are still the period's lists; a standard that
 * drops its figure or changes re-checks the lists, and the closing reason says what changed.
 */
const ITEM = dibaoItem().id
const POLICY_ITEM = 'social-assistance.dibao.policy'
const PERIOD = CROSS_CHECK_PERIOD
const YEAR = PERIOD.slice(0, 4)
const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const TOWNSHIP2 = `${V2.slice(0, 9)}000`
const COUNTY = demoRegionOf('demo-county')

type Finding = {
  id: string
  kind: string
  status: string
  explanation: string
  closedReason: string | null
  villages: { code: string; name: string }[]
  canResolve: boolean
  revision: number
}

describe('cross-village findings over their life', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''
  let v1Rows: TableRow[] = []
  let v2Rows: TableRow[] = []
  let v2ListId = ''
  let standardId = ''

  async function publishList(secretary: string, village: string, rows: TableRow[], reviewer: string) {
    const draft = await request(server)
      .post(`/api/v1/villages/${village}/disclosures`)
      .set('Authorization', as(secretary))
      .send({ catalogItemId: ITEM, period: PERIOD, title: '低保对象名单', rows })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/submit`)
      .set('Authorization', as(secretary))
      .send({})
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/review`)
      .set('Authorization', as(reviewer))
      .send({ decision: 'approve', revision: await seenRevision(server, draft.body.id, as(reviewer)) })
      .expect(200)
    return draft.body.id as string
  }

  async function runAndWait(period = PERIOD) {
    const started = await request(server)
      .post(`/api/v1/regions/${COUNTY}/cross-checks/run`)
      .set('Authorization', as('demo-county'))
      .send({ period })
    expect(started.status).toBe(202)
    for (let i = 0; i < 200; i += 1) {
      const run = await request(server)
        .get(`/api/v1/cross-check-runs/${started.body.id}`)
        .set('Authorization', as('demo-county'))
      if (run.body.status !== 'running') return run.body
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('run did not finish')
  }

  const findings = async (code: string, who: string): Promise<Finding[]> => {
    const res = await request(server)
      .get(`/api/v1/regions/${code}/cross-checks?period=${PERIOD}`)
      .set('Authorization', as(who))
    expect(res.status).toBe(200)
    return res.body.findings
  }
  const ofKind = async (kind: string, code = COUNTY, who = 'demo-county') => {
    const f = (await findings(code, who)).find((x) => x.kind === kind)
    if (!f) throw new Error(`no ${kind} finding`)
    return f
  }

  /** Publishes a new version of the county's standard and waits for the run it starts. */
  async function newStandard(figures: { name: string; value: number; unit: string }[]) {
    const draft = await request(server)
      .post(`/api/v1/government-items/${standardId}/versions`)
      .set('Authorization', as('demo-county'))
      .send({ changeNote: '更正低保标准' })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    await request(server)
      .patch(`/api/v1/government-items/${draft.body.id}`)
      .set('Authorization', as('demo-county'))
      .send({ figures })
      .expect(200)
    const published = new Date()
    await request(server)
      .post(`/api/v1/government-items/${draft.body.id}/publish`)
      .set('Authorization', as('demo-county'))
      .expect(200)
    standardId = draft.body.id
    for (let i = 0; i < 100; i += 1) {
      const run = await t.services?.models.CrossCheckRun.findOne({
        trigger: 'standards_changed',
        status: { $ne: 'running' },
        startedAt: { $gte: published },
      }).lean()
      if (run) return run
      await new Promise((r) => setTimeout(r, 50))
    }
    return null
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-county', 'demo-township', 'demo-secretary', 'demo-secretary-2', 'demo-newcomer'])
      auth.set(key, (await signIn(t.app, key)).auth)
    await t.services?.models.User.updateOne(
      { demoUserKey: 'demo-newcomer' },
      { $set: { roles: [{ role: 'township', regionCode: TOWNSHIP2 }] } },
    )
    // The county publishes its 低保标准 for the year, as counties do; the lists are monthly.
    const gov = await request(server)
      .post(`/api/v1/regions/${COUNTY}/government-items`)
      .set('Authorization', as('demo-county'))
      .send({
        catalogItemId: POLICY_ITEM,
        period: YEAR,
        title: `${YEAR}年低保标准`,
        body: '全县城乡低保标准',
        figures: [{ name: '低保标准', value: 680, unit: '元/人/月' }],
      })
    expect(gov.status, JSON.stringify(gov.body)).toBe(201)
    standardId = gov.body.id
    await request(server)
      .post(`/api/v1/government-items/${standardId}/publish`)
      .set('Authorization', as('demo-county'))
      .expect(200)
    const planted = plantedDibaoLists(V1, V2)
    v1Rows = planted.v1Rows
    v2Rows = planted.v2Rows
    await publishList('demo-secretary', V1, v1Rows, 'demo-township')
    v2ListId = await publishList('demo-secretary-2', V2, v2Rows, 'demo-newcomer')
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it("measures the monthly lists against the county's yearly standard", async () => {
    const run = await runAndWait()
    expect(run.status).toBe('done')
    const above = await ofKind('above_standard')
    expect(above.explanation).toContain('超过低保标准680.00元×2人=1,360.00元')
  })

  it('tells a township officer and a secretary only of their own villages people', async () => {
    const v1Shared = String(v1Rows[60]?.name)
    const v2Shared = String(v2Rows[61]?.name)
    const county = await ofKind('shared_account')
    expect(county.explanation).toContain(v1Shared)
    expect(county.explanation).toContain(v2Shared)
    const names = new Map(county.villages.map((v) => [v.code, v.name]))
    const mine = await ofKind('shared_account', TOWNSHIP, 'demo-township')
    expect(mine.explanation).toContain(v1Shared)
    expect(mine.explanation).toContain('外乡镇1户')
    expect(mine.explanation).not.toContain(v2Shared)
    expect(mine.explanation).not.toContain(names.get(V2))
    const theirs = await ofKind('shared_account', TOWNSHIP2, 'demo-newcomer')
    expect(theirs.explanation).toContain(v2Shared)
    expect(theirs.explanation).not.toContain(v1Shared)
    expect(theirs.explanation).not.toContain(names.get(V1))
    const dup = await ofKind('duplicate_person', TOWNSHIP2, 'demo-newcomer')
    expect(dup.explanation).not.toContain(names.get(V1))
    // The secretary asked to correct hears of their own household only.
    const confirmed = await request(server)
      .post(`/api/v1/cross-checks/${mine.id}/confirm`)
      .set('Authorization', as('demo-township'))
      .send({ revision: mine.revision })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.explanation).toBe(mine.explanation)
    const inbox = JSON.stringify(
      (await request(server).get('/api/v1/inbox').set('Authorization', as('demo-secretary'))).body,
    )
    expect(inbox).toContain(v1Shared)
    expect(inbox).not.toContain(v2Shared)
    expect(inbox).not.toContain(names.get(V2))
  })

  it('lets only the county resolve a finding spanning two townships; each township may confirm it', async () => {
    const dup = await ofKind('duplicate_person', TOWNSHIP, 'demo-township')
    // The page offers 说明 only to whom may resolve: not to the township, to the county.
    expect(dup.canResolve).toBe(false)
    expect((await ofKind('duplicate_person')).canResolve).toBe(true)
    const byTownship = await request(server)
      .post(`/api/v1/cross-checks/${dup.id}/resolve`)
      .set('Authorization', as('demo-township'))
      .send({ reason: '两村重复系迁户过渡期，已停发一处', revision: dup.revision })
    expect(byTownship.status).toBe(403)
    expect(byTownship.body.error.code).toBe('forbidden')
    expect(byTownship.body.error.message).toContain('县里')
    expect((await ofKind('duplicate_person')).status).toBe('open')
    // Each township confirms on the finding as its page shows it (after the other's confirmation, for the second).
    for (const [who, code] of [
      ['demo-township', TOWNSHIP],
      ['demo-newcomer', TOWNSHIP2],
    ] as const) {
      const seen = await ofKind('duplicate_person', code, who)
      const confirmed = await request(server)
        .post(`/api/v1/cross-checks/${dup.id}/confirm`)
        .set('Authorization', as(who))
        .send({ comment: '请核实户籍', revision: seen.revision })
      expect(confirmed.status, who).toBe(200)
      expect(confirmed.body.status).toBe('confirmed')
    }
    const byCounty = await request(server)
      .post(`/api/v1/cross-checks/${dup.id}/resolve`)
      .set('Authorization', as('demo-county'))
      .send({ reason: '已核实，一处已停发', revision: (await ofKind('duplicate_person')).revision })
    expect(byCounty.status).toBe(200)
    expect(byCounty.body.status).toBe('resolved')
  })

  it('keeps comparing lists after their posting window ended (expired), without closing their findings', async () => {
    const before = await findings(COUNTY, 'demo-county')
    expect(await t.services?.disclosures.expireDue(new Date(Date.now() + 365 * 86_400_000))).toBeGreaterThan(
      0,
    )
    const run = await runAndWait()
    expect(run.counts).toMatchObject({ found: before.length, opened: 0, closed: 0 })
    // 下一个 version of the second village's list (one other amount corrected) is compared with the first village's
    // expired list: the shared account is still found, and stays confirmed.
    const draft = await request(server)
      .post(`/api/v1/disclosures/${v2ListId}/versions`)
      .set('Authorization', as('demo-secretary-2'))
      .send({ changeNote: '更正一户金额' })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    await request(server)
      .patch(`/api/v1/disclosures/${draft.body.id}`)
      .set('Authorization', as('demo-secretary-2'))
      .send({ rows: v2Rows.map((r, i) => (i === 10 ? { ...r, amount: 60_000 } : r)) })
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/submit`)
      .set('Authorization', as('demo-secretary-2'))
      .send({})
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${draft.body.id}/review`)
      .set('Authorization', as('demo-newcomer'))
      .send({ decision: 'approve', revision: await seenRevision(server, draft.body.id, as('demo-newcomer')) })
      .expect(200)
    const after = await findings(COUNTY, 'demo-county')
    expect(after.map((f) => `${f.kind}:${f.status}`).sort()).toEqual(
      before.map((f) => `${f.kind}:${f.status}`).sort(),
    )
    expect(after.find((f) => f.kind === 'shared_account')?.status).toBe('confirmed')
  })

  it('re-checks when a new standard drops or changes the figure, and says so when closing', async () => {
    expect((await ofKind('above_standard')).status).toBe('open')
    // A new version without the figure: no standard any more.
    expect(await newStandard([])).toMatchObject({ status: 'done' })
    const withdrawn = await ofKind('above_standard')
    expect(withdrawn.status).toBe('closed')
    expect(withdrawn.closedReason).toBe(
      '重新检查时已不再出现（名单未变，低保标准已撤回，没有可对照的标准）。',
    )
    // The figure again (the finding reopens), then raised above the amount.
    expect(await newStandard([{ name: '低保标准', value: 680, unit: '元/人/月' }])).toBeTruthy()
    expect((await ofKind('above_standard')).status).toBe('open')
    expect(await newStandard([{ name: '低保标准', value: 800, unit: '元/人/月' }])).toBeTruthy()
    const raised = await ofKind('above_standard')
    expect(raised.status).toBe('closed')
    expect(raised.closedReason).toBe('重新检查时已不再出现（名单未变，低保标准已更改，按现行标准不再超出）。')
    const audit = await t.services?.models.AuditEvent.find({
      action: 'cross_check.closed',
      targetId: raised.id,
    }).lean()
    expect(audit?.map((a) => (a.data as { reason?: string }).reason)).toContain(raised.closedReason)
  })
})
