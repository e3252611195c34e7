import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrossCheckListDtoSchema } from '@cunwu/domain'
import type { TableRow } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { dibaoItem } from '../../testing/factories'
import { demoPeople } from '../../services/seed.service'
import { CROSS_CHECK_PERIOD, PLANTED_ID, SHARED_ACCOUNT, plantedDibaoLists } from '../../testing/cross-checks'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

/**
 * The whole cross-village scenario through the API: the county publishes 低保标准; two villages in two townships
 * publish 低保 lists of 150 rows each with one planted ID on both, one amount above the standard, one person whose
 * membership the secretary ended with 去世, and one account on two households. The county's run finds exactly
 * those four; each township sees its own villages' rows; the township confirms the amount, the secretary corrects
 * it, and the finding closes by itself. No public response carries any of it.
 */
const ITEM = dibaoItem().id
const PERIOD = CROSS_CHECK_PERIOD
const people = demoPeople()
const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const TOWNSHIP = demoRegionOf('demo-township')
const TOWNSHIP2 = `${V2.slice(0, 9)}000`
const COUNTY = demoRegionOf('demo-county')

describe('cross-village checks', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth = new Map<string, string>()
  const as = (key: string) => auth.get(key) ?? ''
  const villagerName = people.find((p) => p.userKey === 'demo-villager')?.displayName ?? ''
  let v1Rows: TableRow[] = []
  let v1ListId = ''
  let standardId = ''

  async function publishList(
    secretary: string,
    village: string,
    rows: TableRow[],
    reviewer = 'demo-township',
  ): Promise<string> {
    const draft = await request(server)
      .post(`/api/v1/villages/${village}/disclosures`)
      .set('Authorization', as(secretary))
      .send({ catalogItemId: ITEM, period: PERIOD, title: '2027年1月低保对象名单', rows })
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
    return draft.body.id
  }

  async function runAndWait(code: string, who: string) {
    const started = await request(server)
      .post(`/api/v1/regions/${code}/cross-checks/run`)
      .set('Authorization', as(who))
      .send({ period: PERIOD })
    expect(started.status).toBe(202)
    expect(started.body.status).toBe('running')
    for (let i = 0; i < 200; i += 1) {
      const run = await request(server)
        .get(`/api/v1/cross-check-runs/${started.body.id}`)
        .set('Authorization', as(who))
      if (run.body.status !== 'running') return run.body
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('run did not finish')
  }

  const findings = async (code: string, who: string, status = '') =>
    request(server)
      .get(`/api/v1/regions/${code}/cross-checks?period=${PERIOD}${status ? `&status=${status}` : ''}`)
      .set('Authorization', as(who))

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of [
      'demo-county',
      'demo-township',
      'demo-secretary',
      'demo-secretary-2',
      'demo-villager',
      'demo-newcomer',
    ]) {
      auth.set(key, (await signIn(t.app, key)).auth)
    }
    // The second township's staff: the demo has none, so the newcomer is given that grant.
    await t.services?.models.User.updateOne(
      { demoUserKey: 'demo-newcomer' },
      { $set: { roles: [{ role: 'township', regionCode: TOWNSHIP2 }] } },
    )
    // The secretary ends the villager's membership with 去世.
    const m = await t.services?.models.Membership.findOne({
      villageCode: V1,
      status: 'approved',
      name: villagerName,
    }).lean()
    const ended = await request(server)
      .post(`/api/v1/memberships/${m?._id.toHexString()}/end`)
      .set('Authorization', as('demo-secretary'))
      .send({ kind: 'died', reason: '本人已去世' })
    expect(ended.status).toBe(200)
    // The county publishes 低保标准 for the period.
    const gov = await request(server)
      .post(`/api/v1/regions/${COUNTY}/government-items`)
      .set('Authorization', as('demo-county'))
      .send({
        catalogItemId: ITEM,
        period: PERIOD,
        title: '2027年1月低保标准',
        figures: [{ name: '低保标准', value: 680, unit: '元/人/月' }],
      })
    expect(gov.status, JSON.stringify(gov.body)).toBe(201)
    standardId = gov.body.id
    await request(server)
      .post(`/api/v1/government-items/${gov.body.id}/publish`)
      .set('Authorization', as('demo-county'))
      .expect(200)

    const planted = plantedDibaoLists(V1, V2)
    v1Rows = planted.v1Rows
    const v2Rows = planted.v2Rows
    // The villager whose membership ended is still on the list (household 001 is theirs).
    expect(v1Rows[0]?.name).toBe(villagerName)
    v1ListId = await publishList('demo-secretary', V1, v1Rows)
    await publishList('demo-secretary-2', V2, v2Rows, 'demo-newcomer')
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  it('refuses villagers and secretaries (403), another township (403), bad input (400) and a resolve without a reason (422)', async () => {
    expect((await findings(COUNTY, 'demo-villager')).status).toBe(403)
    expect((await findings(V1, 'demo-secretary')).status).toBe(403)
    expect((await findings(COUNTY, 'demo-secretary')).status).toBe(403)
    expect((await findings(TOWNSHIP2, 'demo-township')).status).toBe(403)
    expect((await findings(COUNTY, 'demo-township')).status).toBe(403)
    const run = await request(server)
      .post(`/api/v1/regions/${COUNTY}/cross-checks/run`)
      .set('Authorization', as('demo-secretary'))
      .send({ period: PERIOD })
    expect(run.status).toBe(403)
    expect(run.body.error.code).toBe('forbidden')
    const bad = await request(server)
      .post(`/api/v1/regions/${COUNTY}/cross-checks/run`)
      .set('Authorization', as('demo-county'))
      .send({ period: 'soon' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_error')
    const unknownItem = await request(server)
      .post(`/api/v1/regions/${COUNTY}/cross-checks/run`)
      .set('Authorization', as('demo-county'))
      .send({ period: PERIOD, catalogItemId: 'nope' })
    expect(unknownItem.status).toBe(422)
    expect(
      (await request(server).get(`/api/v1/regions/${COUNTY}/cross-checks?period=${PERIOD}`)).status,
    ).toBe(401)
    expect(
      (
        await request(server)
          .get(`/api/v1/regions/${COUNTY}/cross-checks`)
          .set('Authorization', as('demo-county'))
      ).status,
    ).toBe(400)
    const list = await findings(COUNTY, 'demo-county')
    const some = list.body.findings[0]
    expect(some).toBeTruthy()
    for (const reason of [undefined, '', ' ']) {
      const res = await request(server)
        .post(`/api/v1/cross-checks/${some.id}/resolve`)
        .set('Authorization', as('demo-county'))
        .send(reason === undefined ? { revision: some.revision } : { reason, revision: some.revision })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('reason_required')
    }
    expect(
      (
        await request(server)
          .post(`/api/v1/cross-checks/${some.id}/resolve`)
          .set('Authorization', as('demo-secretary'))
          .send({ reason: '已核实', revision: some.revision })
      ).status,
    ).toBe(403)
    // One finding read again (a retry after a lost answer): a malformed id is 400 in words, an unknown one 404.
    const malformed = await request(server)
      .get('/api/v1/cross-checks/not-an-id')
      .set('Authorization', as('demo-county'))
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.code).toBe('validation_error')
    expect(
      (
        await request(server)
          .get('/api/v1/cross-checks/0123456789abcdef01234567')
          .set('Authorization', as('demo-county'))
      ).status,
    ).toBe(404)
    expect(
      (
        await request(server)
          .post('/api/v1/cross-checks/not-an-id/confirm')
          .set('Authorization', as('demo-county'))
          .send({})
      ).status,
    ).toBe(400)
    expect(
      (
        await request(server)
          .post('/api/v1/cross-checks/0123456789abcdef01234567/confirm')
          .set('Authorization', as('demo-county'))
          .send({ revision: 1 })
      ).status,
    ).toBe(404)
  })

  it('finds the four planted problems among 300 clean rows, and nothing else', async () => {
    // Publishing the lists already re-checked them (the incremental path): the findings exist before any run.
    const before = await findings(COUNTY, 'demo-county')
    expect(before.body.findings.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'above_standard',
      'duplicate_person',
      'listed_after_exit',
      'shared_account',
    ])
    const run = await runAndWait(COUNTY, 'demo-county')
    expect(run.status).toBe('done')
    expect(run.counts).toEqual({ found: 4, opened: 0, closed: 0 })
    expect(run.progress).toEqual({ lists: 2, listsChecked: 2 })
    const res = await findings(COUNTY, 'demo-county')
    expect(res.status).toBe(200)
    const kinds = res.body.findings.map((f: { kind: string }) => f.kind).sort()
    expect(kinds).toEqual(['above_standard', 'duplicate_person', 'listed_after_exit', 'shared_account'])
    const byKind = new Map(res.body.findings.map((f: { kind: string }) => [f.kind, f]))
    const dup = byKind.get('duplicate_person') as {
      villages: { code: string }[]
      rows: { villageCode: string; cells: Record<string, unknown> }[]
      explanation: string
    }
    expect(dup.villages.map((v) => v.code)).toEqual([V1, V2])
    expect(dup.rows.map((r) => r.villageCode).sort()).toEqual([V1, V2])
    expect(dup.explanation).toContain('同时列在')
    expect(dup.explanation).not.toContain(PLANTED_ID)
    expect((byKind.get('listed_after_exit') as { explanation: string }).explanation).toContain(
      `${villagerName}已于`,
    )
    expect((byKind.get('listed_after_exit') as { explanation: string }).explanation).toContain('去世')
    expect((byKind.get('above_standard') as { explanation: string }).explanation).toContain(
      '超过低保标准680.00元×2人=1,360.00元',
    )
    expect(res.body.findings.map((f: { id: string }) => f.id).sort()).toEqual(
      before.body.findings.map((f: { id: string }) => f.id).sort(),
    )
  })

  it('shows each township the findings touching its villages, with only its own villages rows', async () => {
    const mine = await findings(TOWNSHIP, 'demo-township')
    expect(mine.status).toBe(200)
    const dup = mine.body.findings.find((f: { kind: string }) => f.kind === 'duplicate_person')
    // The other township's village is only 外乡镇: in no field, by name, code or link (cross-check.presenter.test.ts).
    expect(dup.villages.map((v: { code: string }) => v.code)).toEqual([V1])
    expect(dup.elsewhere).toBe(true)
    expect(dup.rows.map((r: { villageCode: string }) => r.villageCode)).toEqual([V1])
    const v2Name = (await t.services?.models.Region.findById(V2).lean())?.name ?? V2
    for (const f of mine.body.findings) {
      expect(JSON.stringify(f)).not.toContain(V2)
      expect(JSON.stringify(f)).not.toContain(v2Name)
    }
    const county = await findings(COUNTY, 'demo-county')
    const whole = county.body.findings.find((f: { kind: string }) => f.kind === 'duplicate_person')
    expect(whole.villages.map((v: { code: string }) => v.code)).toEqual([V1, V2])
    expect(whole.elsewhere).toBe(false)
    const other = await findings(TOWNSHIP2, 'demo-newcomer')
    expect(other.status).toBe(200)
    expect(other.body.findings.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'duplicate_person',
      'shared_account',
    ])
    for (const f of other.body.findings)
      expect(f.rows.every((r: { villageCode: string }) => r.villageCode === V2)).toBe(true)
  })

  it('lists a year, half or quarter as the dashboard counts it: with the periods within it', async () => {
    const all = await findings(COUNTY, 'demo-county')
    const ids = all.body.findings.map((f: { id: string }) => f.id).sort()
    expect(ids).toHaveLength(4)
    // The dashboard of 2027 (or of its first half or quarter) counts these findings; its list shows them.
    for (const period of [PERIOD.slice(0, 4), `${PERIOD.slice(0, 4)}-H1`, `${PERIOD.slice(0, 4)}-Q1`]) {
      const res = await request(server)
        .get(`/api/v1/regions/${COUNTY}/cross-checks?period=${period}`)
        .set('Authorization', as('demo-county'))
      expect(res.status, period).toBe(200)
      expect(res.body.findings.map((f: { id: string }) => f.id).sort(), period).toEqual(ids)
      const board = await request(server)
        .get(`/api/v1/regions/${COUNTY}/compliance?period=${period}`)
        .set('Authorization', as('demo-county'))
      const counted = board.body.children.reduce(
        (n: number, c: { crossChecks: Record<string, number> }) =>
          n + Object.values(c.crossChecks).reduce((a, b) => a + b, 0),
        0,
      )
      expect(counted, period).toBeGreaterThan(0)
    }
    const other = await request(server)
      .get(`/api/v1/regions/${COUNTY}/cross-checks?period=2027-02`)
      .set('Authorization', as('demo-county'))
    expect(other.body.findings).toEqual([])
  })

  it('lists a page at a time, newest first, by kind or by village, and says how many there are', async () => {
    const list = (code: string, who: string, query: string) =>
      request(server).get(`/api/v1/regions/${code}/cross-checks?${query}`).set('Authorization', as(who))
    const all = await findings(COUNTY, 'demo-county')
    const ids = all.body.findings.map((f: { id: string }) => f.id)
    expect(ids).toHaveLength(4)
    expect(CrossCheckListDtoSchema.parse(all.body).page).toEqual({
      offset: 0,
      limit: 500,
      total: 4,
      nextOffset: null,
    })
    // Pages of one: the same findings in the same order, each once (one run's findings share a time).
    const paged: string[] = []
    let offset: number | null = 0
    while (offset !== null) {
      const res = await list(COUNTY, 'demo-county', `period=${PERIOD}&limit=1&offset=${offset}`)
      expect(res.body.findings).toHaveLength(1)
      expect(res.body.page.total).toBe(4)
      paged.push(res.body.findings[0].id)
      offset = res.body.page.nextOffset
    }
    expect(paged).toEqual(ids)
    const above = await list(COUNTY, 'demo-county', `period=${PERIOD}&kind=above_standard`)
    expect(above.body.findings.map((f: { kind: string }) => f.kind)).toEqual(['above_standard'])
    expect(above.body.page.total).toBe(1)
    const v2 = await list(COUNTY, 'demo-county', `period=${PERIOD}&village=${V2}`)
    expect(v2.body.findings.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'duplicate_person',
      'shared_account',
    ])
    // A village of another township is not the township's to filter by; a township code is no village.
    expect((await list(TOWNSHIP, 'demo-township', `period=${PERIOD}&village=${V2}`)).status).toBe(403)
    expect((await list(COUNTY, 'demo-county', `period=${PERIOD}&village=${TOWNSHIP}`)).status).toBe(422)
    for (const bad of [
      'limit=0',
      'limit=501',
      'offset=-1',
      'kind=bogus',
      'village=３６０９９９１００２００',
    ]) {
      const res = await list(COUNTY, 'demo-county', `period=${PERIOD}&${bad}`)
      expect(res.status, bad).toBe(400)
      expect(res.body.error.code).toBe('validation_error')
    }
  })

  it('confirm asks the secretary to correct; the corrected list closes the finding by itself', async () => {
    const list = await findings(TOWNSHIP, 'demo-township')
    const above = list.body.findings.find((f: { kind: string }) => f.kind === 'above_standard')
    const confirmed = await request(server)
      .post(`/api/v1/cross-checks/${above.id}/confirm`)
      .set('Authorization', as('demo-township'))
      .send({ comment: '请按标准核减', revision: above.revision })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.status).toBe('confirmed')
    expect(confirmed.body.confirmation.text).toBe('请按标准核减')
    const inbox = await request(server).get('/api/v1/inbox').set('Authorization', as('demo-secretary'))
    expect(JSON.stringify(inbox.body)).toContain('请更正')
    // A finding touching both townships is not one township's to resolve for the other's village: the county's.
    const dup = list.body.findings.find((f: { kind: string }) => f.kind === 'duplicate_person')
    const byTownship = await request(server)
      .post(`/api/v1/cross-checks/${dup.id}/resolve`)
      .set('Authorization', as('demo-township'))
      .send({ reason: '两村重复系迁户过渡期，已停发一处', revision: dup.revision })
    expect(byTownship.status).toBe(403)
    const resolved = await request(server)
      .post(`/api/v1/cross-checks/${dup.id}/resolve`)
      .set('Authorization', as('demo-county'))
      .send({ reason: '两村重复系迁户过渡期，已停发一处', revision: dup.revision })
    expect(resolved.status).toBe(200)
    expect(resolved.body.status).toBe('resolved')

    // The secretary publishes a corrected version.
    const v2 = await request(server)
      .post(`/api/v1/disclosures/${v1ListId}/versions`)
      .set('Authorization', as('demo-secretary'))
      .send({ changeNote: '按低保标准更正金额' })
    expect(v2.status).toBe(201)
    const fixed = v1Rows.map((r, i) => (i === 50 ? { ...r, amount: 130_000 } : r))
    await request(server)
      .patch(`/api/v1/disclosures/${v2.body.id}`)
      .set('Authorization', as('demo-secretary'))
      .send({ rows: fixed })
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/submit`)
      .set('Authorization', as('demo-secretary'))
      .send({})
      .expect(200)
    await request(server)
      .post(`/api/v1/disclosures/${v2.body.id}/review`)
      .set('Authorization', as('demo-township'))
      .send({ decision: 'approve', revision: await seenRevision(server, v2.body.id, as('demo-township')) })
      .expect(200)

    const closed = await findings(TOWNSHIP, 'demo-township', 'closed')
    expect(closed.body.findings.map((f: { id: string }) => f.id)).toEqual([above.id])
    expect(closed.body.findings[0].closedReason).toContain('已不再出现')
    const open = await findings(COUNTY, 'demo-county')
    expect(
      open.body.findings.map((f: { kind: string; status: string }) => `${f.kind}:${f.status}`).sort(),
    ).toEqual([
      'above_standard:closed',
      'duplicate_person:resolved',
      'listed_after_exit:open',
      'shared_account:open',
    ])
    const audit = await t.services?.models.AuditEvent.find({
      targetType: { $in: ['cross_check_finding', 'cross_check_run'] },
    }).lean()
    const actions = new Set(audit?.map((a) => a.action))
    for (const a of [
      'cross_check.run',
      'cross_check.found',
      'cross_check.confirm',
      'cross_check.resolve',
      'cross_check.closed',
    ])
      expect(actions).toContain(a)
  })

  it('gives the compliance dashboard a column per check: open findings by kind for each child', async () => {
    const county = await request(server)
      .get(`/api/v1/regions/${COUNTY}/compliance?period=2027`)
      .set('Authorization', as('demo-county'))
    expect(county.status).toBe(200)
    const byCode = new Map(
      county.body.children.map((c: { code: string; crossChecks: Record<string, number> }) => [
        c.code,
        c.crossChecks,
      ]),
    )
    expect(byCode.get(TOWNSHIP)).toEqual({ listed_after_exit: 1, shared_account: 1 })
    expect(byCode.get(TOWNSHIP2)).toEqual({ shared_account: 1 })
    const township = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=2027`)
      .set('Authorization', as('demo-township'))
    const v1 = township.body.children.find((c: { code: string }) => c.code === V1)
    expect(v1.crossChecks).toEqual({ listed_after_exit: 1, shared_account: 1 })
  })

  it('puts the open findings in the compliance workbook, on the line of the village list they concern', async () => {
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
    const { readTableFile } = await import('@cunwu/tables')
    const sheet = (await readTableFile(res.body, { filename: 'x.xlsx' })).sheets[0]
    const rows = sheet?.rows ?? []
    const header = rows.find((r) => r.includes('跨村核查问题')) ?? []
    const at = header.indexOf('跨村核查问题')
    expect(at).toBeGreaterThan(0)
    const line = rows.find((r) => r.includes(V1) && r.some((c) => String(c).includes('最低生活保障对象名单')))
    expect(String(line?.[at])).toBe('2')
    expect(String(line?.[at + 1])).toContain('仍列在')
  })

  it('runs the full county check in the upkeep once a day', async () => {
    const services = t.services
    if (!services) throw new Error('no services')
    const recent = [
      { regionCode: V1, period: PERIOD },
      { regionCode: V2, period: PERIOD },
    ]
    expect(await services.crossChecks.upkeep(recent)).toBe(1)
    expect(await services.crossChecks.upkeep(recent)).toBe(0)
    const run = await services.models.CrossCheckRun.findOne({ trigger: 'upkeep' }).lean()
    expect(run?.regionCode).toBe(COUNTY)
    expect(run?.status).toBe('done')
  })

  it('measures every list again when the county publishes a new standard', async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    const openAbove = async () =>
      (await findings(COUNTY, 'demo-county', 'open')).body.findings.filter(
        (f: { kind: string }) => f.kind === 'above_standard',
      ).length
    const before = await openAbove()
    // A corrected 低保标准 of 600 元/人/月: the clean rows pay 680 or a little less per person, now above it.
    const draft = await request(server)
      .post(`/api/v1/government-items/${standardId}/versions`)
      .set('Authorization', as('demo-county'))
      .send({ changeNote: '低保标准更正为600元' })
    expect(draft.status, JSON.stringify(draft.body)).toBe(201)
    await request(server)
      .patch(`/api/v1/government-items/${draft.body.id}`)
      .set('Authorization', as('demo-county'))
      .send({ figures: [{ name: '低保标准', value: 600, unit: '元/人/月' }] })
      .expect(200)
    const published = new Date()
    await request(server)
      .post(`/api/v1/government-items/${draft.body.id}/publish`)
      .set('Authorization', as('demo-county'))
      .expect(200)
    // The publish started a run of the county and period in the background (the first standard's run, from
    // before any list, is older).
    let run = null
    for (let i = 0; i < 200; i += 1) {
      run = await models.CrossCheckRun.findOne({
        trigger: 'standards_changed',
        status: { $ne: 'running' },
        startedAt: { $gte: published },
      }).lean()
      if (run) break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(run).toMatchObject({ regionCode: COUNTY, period: PERIOD, status: 'done' })
    expect(await openAbove()).toBeGreaterThan(before + 10)
  })

  it('puts nothing of it in public responses', async () => {
    const pub = await request(server).get(`/api/v1/disclosures/${v1ListId}`)
    const feed = await request(server).get(`/api/v1/villages/${V1}/disclosures`)
    for (const body of [JSON.stringify(pub.body), JSON.stringify(feed.body)]) {
      expect(body).not.toContain('同时列在')
      expect(body).not.toContain('仍列在')
      expect(body).not.toContain(PLANTED_ID)
      expect(body).not.toContain(SHARED_ACCOUNT)
      expect(body).not.toMatch(/cross_check|crossCheck/)
    }
  })
})
