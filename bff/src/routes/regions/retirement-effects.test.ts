import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listCatalogDomains } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
/** demo-township's township, V1's; V2 lies in another township of the county. */
const TOWNSHIP = `${V1.slice(0, 9)}000`
const OTHER_TOWNSHIP = `${V2.slice(0, 9)}000`
const COUNTY = `${V2.slice(0, 6)}000000`
const reason = '依据县政府撤并行政村的批复'

/**
 * What a merger (撤并) does to the people of a region: grants on it stop allowing writes there from the day (reading
 * stays), follows of a retired village move to the village it merged into or end, each person told once; a township
 * is retired by the county's admin once its villages are merged into their new codes. Real engine, demo county.
 */
describe('what retiring a region does to its grants and follows', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (who: string) => auth[who] ?? ''
  const retire = (code: string, who: string, body: object) =>
    request(server).put(`/api/v1/regions/${code}/retirement`).set('Authorization', as(who)).send(body)
  const reinstate = (code: string, who: string) =>
    request(server)
      .delete(`/api/v1/regions/${code}/retirement`)
      .set('Authorization', as(who))
      .send({ reason: '撤并录入有误' })
  const createDibao = (period: string) =>
    request(server)
      .post(`/api/v1/villages/${V2}/disclosures`)
      .set('Authorization', as('demo-secretary-2'))
      .send({
        catalogItemId: dibaoItem().id,
        period,
        title: `${period}低保名单`,
        rows: buildDibaoRows(V2, 3),
      })
  const follow = (who: string, category: string) =>
    request(server)
      .post('/api/v1/subscriptions')
      .set('Authorization', as(who))
      .send({ results: { tmpl_disclosure_published: 'accept' }, category, villageCode: V2 })
  const following = async (who: string) => {
    const res = await request(server).get('/api/v1/subscriptions').set('Authorization', as(who))
    expect(res.status).toBe(200)
    return (res.body.subscriptions as { villageCode: string; category?: string | null; targetId?: string }[])
      .map((s) => s.villageCode)
      .sort()
  }
  const inbox = async (who: string) => {
    const res = await request(server).get('/api/v1/inbox').set('Authorization', as(who))
    expect(res.status).toBe(200)
    return res.body.entries as { eventType: string; title: string; body: string }[]
  }
  /** demo-villager's follows in V1 before the merger (the seed's, if any). */
  let before: string[] = []
  const categories = listCatalogDomains()
    .slice(0, 2)
    .map((d) => d.id)

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of [
      'demo-admin',
      'demo-county',
      'demo-township',
      'demo-secretary',
      'demo-secretary-2',
      'demo-villager',
      'demo-newcomer',
    ])
      auth[key] = (await signIn(t.app, key)).auth
    t.services?.clock.setTo(new Date('2026-12-20T02:00:00Z'))
    // demo-villager lives in V1 and also holds V2's villager role; demo-newcomer is a villager of V2 only.
    const grant = (role: string, regionCode: string) => ({
      role,
      regionCode,
      grantedBy: null,
      grantedAt: new Date(),
    })
    await t.services?.models.User.updateOne(
      { demoUserKey: 'demo-villager' },
      { $push: { roles: grant('villager', V2) } },
    )
    await t.services?.models.User.updateOne(
      { demoUserKey: 'demo-newcomer' },
      { $push: { roles: grant('villager', V2) } },
    )
  })
  afterAll(async () => {
    await t.close()
  })

  it("should keep a retirement entered in advance from ending anyone's grants or follows before its day", async () => {
    before = await following('demo-villager')
    for (const c of categories) {
      expect((await follow('demo-villager', c)).status).toBe(201)
      expect((await follow('demo-newcomer', c)).status).toBe(201)
    }
    const ahead = await retire(V2, 'demo-admin', { retiredOn: '2027-01-01', mergedInto: V1, reason })
    expect(ahead.status).toBe(200)
    expect((await createDibao('2026-11')).status).toBe(201)
    // A period after the day is the retirement's own refusal, as before.
    const late = await createDibao('2027-01')
    expect([late.status, late.body.error?.code]).toEqual([422, 'village_retired'])
    expect(await following('demo-newcomer')).toEqual([V2, V2])
  })

  it('should stop the grants on a retired village allowing writes there, in plain words, and keep reading open', async () => {
    const res = await retire(V2, 'demo-admin', { retiredOn: '2026-09-20', mergedInto: V1, reason })
    expect(res.status).toBe(200)
    const refused = await createDibao('2026-08')
    expect([refused.status, refused.body.error?.code]).toEqual([403, 'forbidden'])
    expect(refused.body.error.message).toMatch(
      /^.+已于2026年9月20日撤并（并入.+），您在那里的职务已随撤并结束，不能再办理，以前的内容仍可查看$/,
    )
    expect(refused.body.error.message).not.toMatch(/[A-Za-z_]/)
    // A record of the village answers 403 on a write (it can still be read), never 404.
    const drafts = await request(server)
      .get(`/api/v1/villages/${V2}/disclosures`)
      .set('Authorization', as('demo-secretary-2'))
    expect(drafts.status).toBe(200)
    const draft = (drafts.body.disclosures as { id: string }[])[0]
    expect(draft).toBeDefined()
    const read = await request(server)
      .get(`/api/v1/disclosures/${draft?.id}`)
      .set('Authorization', as('demo-secretary-2'))
    expect(read.status).toBe(200)
    const submit = await request(server)
      .post(`/api/v1/disclosures/${draft?.id}/submit`)
      .set('Authorization', as('demo-secretary-2'))
      .send({})
    expect([submit.status, submit.body.error?.code]).toEqual([403, 'forbidden'])
    const schedule = await request(server)
      .get(`/api/v1/villages/${V2}/schedule?year=2026`)
      .set('Authorization', as('demo-secretary-2'))
    expect(schedule.status).toBe(200)
    // The county above it is not ended by the village's merger; another village's secretary neither.
    const township = await request(server)
      .patch(`/api/v1/regions/${V2}/contact`)
      .set('Authorization', as('demo-county'))
      .send({ officePhone: '0795-7123456' })
    expect(township.status).toBe(200)
    expect(
      (
        await request(server)
          .patch(`/api/v1/regions/${V1}/contact`)
          .set('Authorization', as('demo-secretary'))
          .send({ officePhone: '0795-7123457' })
      ).status,
    ).toBe(200)
    // The admin's 人员与权限 shows the role as ended with the merger.
    const people = await request(server)
      .get(`/api/v1/admin/users?regionCode=${V2}`)
      .set('Authorization', as('demo-admin'))
    const secretary = (
      people.body.users as { displayName: string; roles: { regionCode: string; endedOn?: string }[] }[]
    )
      .flatMap((u) => u.roles)
      .filter((r) => r.regionCode === V2)
    expect(secretary.length).toBeGreaterThan(0)
    for (const r of secretary) expect(r.endedOn).toBe('2026-09-20')
  })

  it('should move the follows of a villager of the taking village there, end the others, tell each once', async () => {
    expect(await following('demo-villager')).toEqual([...before, V1, V1].sort())
    expect(await following('demo-newcomer')).toEqual([])
    const moved = (await inbox('demo-villager')).filter((e) => e.eventType === 'follows.merged')
    const ended = (await inbox('demo-newcomer')).filter((e) => e.eventType === 'follows.merged')
    expect(moved).toHaveLength(1)
    expect(ended).toHaveLength(1)
    expect(moved[0]?.title).toMatch(/已撤并，关注已转到/)
    expect(moved[0]?.body).toMatch(/已于2026年9月20日撤并，并入.+。您在.+关注的2项公开，已改为关注/)
    expect(ended[0]?.title).toMatch(/已撤并，关注已结束$/)
    expect(ended[0]?.body).toMatch(
      /关注已经结束。.+以前公开的内容仍然可以查看；加入.+后，可以在那里重新关注。$/,
    )
    for (const e of [...moved, ...ended]) expect(`${e.title}${e.body}`).not.toMatch(/[A-Za-z_]/)
    // A follow of the retired village is refused in words; the upkeep and a PUT sent again tell no one twice.
    const again = await follow('demo-newcomer', categories[0] ?? '')
    expect([again.status, again.body.error?.code]).toEqual([422, 'village_retired'])
    expect(again.body.error.message).toMatch(/撤并.+不能再关注它的公开/)
    expect(await t.services?.regionRetirements.settleDue()).toBe(0)
    expect((await retire(V2, 'demo-admin', { retiredOn: '2026-09-20', mergedInto: V1, reason })).status).toBe(
      200,
    )
    expect((await inbox('demo-newcomer')).filter((e) => e.eventType === 'follows.merged')).toHaveLength(1)
  })

  it('should finish follows left half moved, by the upkeep', async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    // A follow of the retired village still running, as a failure between two steps would leave it.
    const user = await models.User.findOne({ demoUserKey: 'demo-villager' }).lean()
    if (!user) throw new Error('no user')
    const category = categories[1] ?? ''
    await models.Subscription.updateOne(
      { userId: user._id, villageCode: V1, targetId: category, endedAt: null },
      { $set: { endedAt: new Date(), activeKey: null } },
    )
    await models.Subscription.create({
      userId: user._id,
      villageCode: V2,
      kind: 'category',
      targetId: category,
      createdAt: new Date(),
      endedAt: null,
      activeKey: `${user._id.toHexString()}|${V2}|category|${category}`,
    })
    expect(await t.services?.regionRetirements.settleDue()).toBe(1)
    expect(await following('demo-villager')).toEqual([...before, V1, V1].sort())
    expect((await inbox('demo-villager')).filter((e) => e.eventType === 'follows.merged')).toHaveLength(1)
  })

  it('should let the grants write again once the retirement is undone', async () => {
    expect((await reinstate(V2, 'demo-admin')).status).toBe(200)
    expect((await createDibao('2026-10')).status).toBe(201)
  })

  it('should retire a township only by the county admin, into a township of its county, once its villages are merged', async () => {
    const target = OTHER_TOWNSHIP
    const body = { retiredOn: '2026-12-01', mergedInto: target, reason: '依据省政府关于乡镇撤并的批复' }
    for (const who of ['demo-township', 'demo-county', 'demo-secretary']) {
      const res = await retire(TOWNSHIP, who, body)
      expect([who, res.status, res.body.error?.code]).toEqual([who, 403, 'forbidden'])
    }
    for (const bad of [
      { ...body, mergedInto: TOWNSHIP },
      { ...body, mergedInto: V1 },
      { ...body, mergedInto: `${TOWNSHIP.slice(0, 6)}399000` },
    ]) {
      const res = await retire(TOWNSHIP, 'demo-admin', bad)
      expect([bad.mergedInto, res.status, res.body.error?.code]).toEqual([
        bad.mergedInto,
        422,
        'merge_target_invalid',
      ])
      expect(res.body.error.message).not.toMatch(/[A-Za-z_]/)
    }
    for (const bad of [
      { ...body, retiredOn: '2026-13-01' },
      { ...body, reason: '' },
      { ...body, mergedInto: 'x' },
    ]) {
      const res = await retire(TOWNSHIP, 'demo-admin', bad)
      expect([res.status, res.body.error?.code]).toEqual([400, 'validation_error'])
    }
    const county = await retire(COUNTY, 'demo-admin', body)
    expect([county.status, county.body.error?.code]).toEqual([422, 'region_not_village'])
    // Its villages are still on their own: refused, in words saying what to do first.
    const live = await retire(TOWNSHIP, 'demo-admin', body)
    expect([live.status, live.body.error?.code]).toEqual([409, 'township_has_villages'])
    expect(live.body.error.message).toMatch(/^这个乡镇下还有 \d+ 个村（社区）没有撤并/)
    expect((await request(server).get(`/api/v1/regions/${TOWNSHIP}`)).body.retirement).toBeNull()
    // Once each village is merged (into its new code under the taking township; here, a village there), it is.
    const villages = (await request(server).get(`/api/v1/regions/${TOWNSHIP}/children`)).body.regions as {
      code: string
    }[]
    const into = V2
    for (const v of villages) {
      const merged = await retire(v.code, 'demo-admin', { retiredOn: '2026-12-01', mergedInto: into, reason })
      expect(merged.status).toBe(200)
    }
    const done = await retire(TOWNSHIP, 'demo-admin', body)
    expect(done.status).toBe(200)
    expect(done.body.retirement).toMatchObject({ retiredOn: '2026-12-01', mergedInto: target })
    // The township officer's grant now allows reading, not writing, there.
    const phone = await request(server)
      .patch(`/api/v1/regions/${TOWNSHIP}/contact`)
      .set('Authorization', as('demo-township'))
      .send({ officePhone: '0795-7123458' })
    expect([phone.status, phone.body.error?.code]).toEqual([403, 'forbidden'])
    expect(phone.body.error.message).toMatch(/已于2026年12月1日撤并（并入.+），您在那里的职务已随撤并结束/)
    const board = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/compliance?period=2026-11`)
      .set('Authorization', as('demo-township'))
    expect(board.status).toBe(200)
    expect((await reinstate(TOWNSHIP, 'demo-township')).status).toBe(403)
    expect((await reinstate(TOWNSHIP, 'demo-admin')).status).toBe(200)
  })
})
