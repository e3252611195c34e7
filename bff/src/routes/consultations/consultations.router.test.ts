import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOCUMENTED_RISKY_TEST_STRING } from '@cunwu/wechat-sim'
import {
  ConsultationDtoSchema,
  ConsultationMineDtoSchema,
  ConsultationParticipantsDtoSchema,
  ConsultationTallyDtoSchema,
} from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const roster = demoHouseholds(V1)
const hh = (i: number) => roster[i] ?? { householdNo: '', headName: '', memberNames: [] }

const questions = [
  { kind: 'single', text: '是否同意硬化村道？', options: ['同意', '不同意'] },
  { kind: 'text', text: '其他意见' },
]

describe('consultations (征求意见)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const ids: Record<string, string> = {}

  const post = (url: string, who: string, body: object = {}) =>
    request(server).post(url).set('Authorization', as(who)).send(body)
  const get = (url: string, who: string) => request(server).get(url).set('Authorization', as(who))
  const now = async () => new Date(String((await request(server).get('/api/v1/dev/clock')).body.now))
  const advance = async (days: number) => {
    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: days })).status).toBe(200)
  }
  const upkeep = async () => (await request(server).post('/api/v1/dev/upkeep')).body
  const inbox = async (who: string) =>
    ((await get('/api/v1/inbox', who)).body.entries ?? []) as {
      eventType: string
      title: string
      body: string
    }[]

  /** Joins V1 through the real flow: apply with a roster name, the secretary approves. */
  async function join(key: string, name: string, householdNo: string): Promise<void> {
    const applied = await post(`/api/v1/villages/${V1}/memberships`, key, { name, householdNo })
    expect(applied.status).toBe(201)
    expect((await post(`/api/v1/memberships/${applied.body.id}/approve`, 'demo-secretary')).status).toBe(200)
    // The approval grants the villager role: sign in again to carry it.
    auth[key] = (await signIn(t.app, key)).auth
  }

  async function open(body: Record<string, unknown>, who = 'demo-secretary') {
    const deadline = new Date((await now()).getTime() + 3 * 86_400_000).toISOString()
    return post(`/api/v1/villages/${V1}/consultations`, who, {
      title: '村道硬化征求意见',
      draft: '拟硬化村东主路 1.2 公里，每户筹资 100 元。',
      questions,
      deadline,
      unit: 'person',
      ...body,
    })
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of [
      'demo-secretary',
      'demo-secretary-2',
      'demo-township',
      'demo-villager',
      'cv-spouse',
      'cv-b',
      'cv-proxy',
      'cv-outsider',
    ]) {
      auth[key] = (await signIn(t.app, key)).auth
      ids[key] = String((await get('/api/v1/me', key)).body.id)
    }
    await join('cv-spouse', hh(0).memberNames[0] ?? '', hh(0).householdNo)
    await join('cv-b', hh(1).headName, hh(1).householdNo)
    await join('cv-proxy', hh(3).headName, hh(3).householdNo)
    // cv-proxy answers for the head of household 003, who has no WeChat of their own.
    const granted = await post(`/api/v1/villages/${V1}/proxies`, 'demo-secretary', {
      userId: ids['cv-proxy'],
      householdNo: hh(2).householdNo,
      forName: hh(2).headName,
    })
    expect(granted.status).toBeLessThan(300)
    for (const key of ['cv-b', 'demo-villager']) {
      const s = await post('/api/v1/subscriptions', key, {
        category: 'village-affairs',
        villageCode: V1,
        results: { tmpl_disclosure_published: 'accept' },
      })
      expect(s.status).toBe(201)
    }
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('should let only the secretary or the township open one, and refuse bad input', async () => {
    expect((await open({}, 'demo-villager')).status).toBe(403)
    expect((await open({}, 'demo-secretary-2')).status).toBe(403)
    const anonymous = await request(server).post(`/api/v1/villages/${V1}/consultations`).send({})
    expect(anonymous.status).toBe(401)
    const bad = await open({ questions: [{ kind: 'single', text: '同意吗', options: ['是'] }] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('validation_error')
    const soon = await open({ deadline: new Date((await now()).getTime() + 60_000).toISOString() })
    expect(soon.status).toBe(422)
    expect((await open({ unit: 'everyone' })).status).toBe(400)
    const byTownship = await open({ title: '乡镇民意调查' }, 'demo-township')
    expect(byTownship.status).toBe(201)
    expect(ConsultationDtoSchema.parse(byTownship.body).openedBy).toBe('township')
  })

  it('should take one answer per person, replaced until the deadline, through proxies too; tally only after', async () => {
    const opened = await open({})
    expect(opened.status).toBe(201)
    const c = ConsultationDtoSchema.parse(opened.body)
    const url = `/api/v1/consultations/${c.id}`

    // Eligible followers of 村务 are told at once (inbox; the subscribe message goes through the outbox).
    expect((await inbox('cv-b')).some((e) => e.eventType === 'consultation.opened')).toBe(true)
    expect((await inbox('cv-spouse')).some((e) => e.eventType === 'consultation.opened')).toBe(false)
    // A crash after opening, before the announcement was marked: the upkeep announces again, and nobody hears twice.
    await t.services?.models.Consultation.updateOne({ _id: c.id }, { $set: { announcedAt: null } })
    expect((await upkeep()).consultations.announced).toBe(1)
    expect((await upkeep()).consultations.announced).toBe(0)
    const announcements = (await inbox('cv-b')).filter(
      (e) => e.eventType === 'consultation.opened' && e.title.includes('村道硬化'),
    )
    expect(announcements).toHaveLength(1)

    // Members read it; for someone from outside the village it does not exist (docs/api.md, 404 for other regions).
    expect((await get(url, 'cv-b')).status).toBe(200)
    expect((await get(url, 'cv-outsider')).status).toBe(404)
    expect(
      (await get(`/api/v1/villages/${V1}/consultations`, 'demo-villager')).body.consultations,
    ).toHaveLength(2)

    const first = await post(`${url}/answers`, 'demo-villager', {
      responses: [{ options: [0] }, { text: '' }],
      comment: '希望先修东段，我的电话 13812345678',
    })
    expect(first.status).toBe(201)
    const changed = await post(`${url}/answers`, 'demo-villager', {
      responses: [{ options: [1] }, { text: '' }],
    })
    expect(changed.status).toBe(200)
    expect(changed.body.replaced).toBe(true)
    // Through a proxy, for the head of household 003.
    const proxied = await post(`${url}/answers`, 'cv-proxy', {
      onBehalfOf: { householdNo: hh(2).householdNo, name: hh(2).headName },
      responses: [{ options: [0] }, { text: '同意' }],
      comment: '路修好了出行方便',
    })
    expect(proxied.status).toBe(201)
    expect(proxied.body.via).toBe('proxy')
    // Another household without proxy rights, someone outside, answers that do not fit, risky text.
    const noRights = await post(`${url}/answers`, 'cv-proxy', {
      onBehalfOf: { householdNo: hh(4).householdNo, name: hh(4).headName },
      responses: [{ options: [0] }, { text: '' }],
    })
    expect(noRights.status).toBe(403)
    expect(noRights.body.error.code).toBe('no_proxy_rights')
    // Outside the village the consultation does not exist, for answering as for reading.
    expect(
      (await post(`${url}/answers`, 'cv-outsider', { responses: [{ options: [0] }, { text: '' }] })).status,
    ).toBe(404)
    const misfit = await post(`${url}/answers`, 'cv-b', { responses: [{ options: [0, 1] }, { text: '' }] })
    expect(misfit.status).toBe(422)
    expect((await post(`${url}/answers`, 'cv-b', { responses: 'yes' })).status).toBe(400)
    const risky = await post(`${url}/answers`, 'cv-b', {
      responses: [{ options: [0] }, { text: '' }],
      comment: DOCUMENTED_RISKY_TEST_STRING,
    })
    expect(risky.status).toBe(422)
    expect(risky.body.error.code).toBe('content_risky')

    // Each sees only what they answered, for whom they may answer.
    const mine = ConsultationMineDtoSchema.parse((await get(`${url}/mine`, 'cv-proxy')).body)
    expect(mine.entitlements.map((e) => [e.as, e.answer !== null])).toEqual([
      ['self', false],
      ['proxy', true],
    ])

    // Before the deadline: no tally; staff see who took part but not what each chose.
    const early = await get(`${url}/tally`, 'demo-villager')
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('tally_not_ready')
    const who = ConsultationParticipantsDtoSchema.parse(
      (await get(`${url}/participants`, 'demo-secretary')).body,
    )
    expect(who.participants.map((p) => p.name).sort()).toEqual([hh(0).headName, hh(2).headName].sort())
    expect(who.participants.every((p) => p.responses === null)).toBe(true)
    // Comments are held back until the deadline (docs/consultations.md).
    expect(who.comments).toBeNull()
    expect((await get(`${url}/participants`, 'demo-villager')).status).toBe(403)

    // A day before the deadline: those still to answer are reminded once; demo-villager answered, so is not.
    await advance(2.5)
    expect((await upkeep()).consultations.reminded).toBeGreaterThanOrEqual(1)
    await upkeep()
    const reminded = async (who: string) =>
      (await inbox(who)).filter(
        (e) => e.eventType === 'consultation.reminder' && e.title.includes('村道硬化'),
      )
    expect(await reminded('cv-b')).toHaveLength(1)
    expect(await reminded('demo-villager')).toHaveLength(0)

    // After the deadline: no more answers; the tally is public and holds counts only.
    await advance(1)
    const late = await post(`${url}/answers`, 'cv-b', { responses: [{ options: [0] }, { text: '' }] })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('consultation_closed')
    const tallyRes = await get(`${url}/tally`, 'cv-b')
    expect(tallyRes.status).toBe(200)
    const tally = ConsultationTallyDtoSchema.parse(tallyRes.body)
    // Verified members (demo-villager, cv-spouse, cv-b, cv-proxy) and the proxied head of 003: five people.
    expect(tally).toMatchObject({ eligible: 5, answered: 2, participationPercent: 40 })
    expect(tally.questions[0]?.options.map((o) => o.count)).toEqual([1, 1])
    const text = JSON.stringify(tallyRes.body)
    for (const name of [hh(0).headName, hh(2).headName, '路修好了']) expect(text).not.toContain(name)

    // After the deadline the comments come without names, scrubbed of phone numbers.
    const closed = ConsultationParticipantsDtoSchema.parse(
      (await get(`${url}/participants`, 'demo-secretary')).body,
    )
    expect(closed.comments?.map((x) => x.text).join()).not.toContain('13812345678')
    // The summary goes to the township's review as a disclosure; only the village's secretary writes it.
    const comment = closed.comments?.find((x) => x.text.includes('路修好了'))
    expect((await post(`${url}/summary`, 'demo-villager', { decided: '提交村民代表会议表决' })).status).toBe(
      403,
    )
    // Only comments of this consultation that passed the check may be published.
    const foreign = await post(`${url}/summary`, 'demo-secretary', {
      decided: '提交村民代表会议表决。',
      commentIds: ['0'.repeat(32)],
    })
    expect(foreign.status).toBe(422)
    const summary = await post(`${url}/summary`, 'demo-secretary', {
      decided: '提交村民代表会议表决。',
      commentIds: [comment?.id],
    })
    expect(summary.status).toBe(201)
    expect(summary.body.disclosureStatus).toBe('pending_review')
    expect((await post(`${url}/summary`, 'demo-secretary', { decided: '再来一次' })).status).toBe(409)
    const approved = await post(`/api/v1/disclosures/${summary.body.disclosureId}/review`, 'demo-township', {
      decision: 'approve',
      revision: await seenRevision(server, String(summary.body.disclosureId), as('demo-township')),
    })
    expect(approved.status).toBe(200)
    const published = await get(`/api/v1/disclosures/${summary.body.disclosureId}`, 'demo-villager')
    expect(published.body.body).toContain('应参与 5 人，实际参与 2 人，参与率 40%')
    expect(published.body.body).toContain('路修好了出行方便')
    expect(published.body.body).not.toContain(hh(2).headName)

    // The township's dashboard: participation per village (with the township's own poll, which nobody answered).
    const dash = await get(`/api/v1/regions/${TOWNSHIP}/consultations/participation`, 'demo-township')
    expect(dash.status).toBe(200)
    expect(dash.body.villages).toContainEqual(
      expect.objectContaining({
        villageCode: V1,
        open: 0,
        closed: 2,
        eligible: 10,
        answered: 2,
        ratePercent: 20,
      }),
    )
    expect(
      (await get(`/api/v1/regions/${TOWNSHIP}/consultations/participation`, 'demo-secretary')).status,
    ).toBe(403)
  })

  it('should let only the household head (or a proxy for the head) answer a household consultation', async () => {
    const opened = await open({ unit: 'household', ballot: 'open', title: '公开表决：集体林地发包' })
    const url = `/api/v1/consultations/${String(opened.body.id)}`
    // The announcement of a named vote says so, before anyone answers; a secret one does not claim it.
    const told = (await inbox('demo-villager')).filter((e) => e.eventType === 'consultation.opened')
    expect(told.find((e) => e.title.includes('集体林地发包'))?.body).toContain('记名表决')
    expect(told.find((e) => e.title.includes('村道硬化'))?.body).not.toContain('记名')
    const spouse = await post(`${url}/answers`, 'cv-spouse', { responses: [{ options: [0] }, { text: '' }] })
    expect(spouse.status).toBe(403)
    expect(spouse.body.error.code).toBe('not_eligible')
    // The head answers for the household; naming the spouse still counts household 001 once.
    expect(
      (await post(`${url}/answers`, 'demo-villager', { responses: [{ options: [1] }, { text: '' }] })).status,
    ).toBe(201)
    const again = await post(`${url}/answers`, 'demo-villager', {
      onBehalfOf: { householdNo: hh(0).householdNo, name: hh(0).memberNames[0] ?? '' },
      responses: [{ options: [0] }, { text: '' }],
    })
    expect(again.status).toBe(200)
    // Answers sent at once for the same household land on one record (unique key, atomic upsert).
    const burst = await Promise.all(
      [0, 1, 0, 1, 0].map((o) =>
        post(`${url}/answers`, 'demo-villager', { responses: [{ options: [o] }, { text: '' }] }),
      ),
    )
    expect(burst.every((r) => r.status === 200)).toBe(true)
    expect(
      (await post(`${url}/answers`, 'demo-villager', { responses: [{ options: [0] }, { text: '' }] })).status,
    ).toBe(200)
    // In an open vote staff see each household's choice.
    const who = ConsultationParticipantsDtoSchema.parse(
      (await get(`${url}/participants`, 'demo-township')).body,
    )
    expect(who.participants).toHaveLength(1)
    expect(who.participants[0]?.responses).toEqual([{ options: [0] }, { text: '' }])
    // Each change costs a content check: an answer is written at most 20 times (8 so far).
    for (let i = 0; i < 12; i += 1) {
      const r = await post(`${url}/answers`, 'demo-villager', {
        responses: [{ options: [i % 2] }, { text: '' }],
      })
      expect(r.status).toBe(200)
    }
    const tooMany = await post(`${url}/answers`, 'demo-villager', {
      responses: [{ options: [0] }, { text: '' }],
    })
    expect(tooMany.status).toBe(429)
    expect(tooMany.body.error.code).toBe('rate_limited')
  })

  it('should tell staff how many texts WeChat held for review, listing none of them', async () => {
    const sim = t.runtime.wechatSim?.baseUrl ?? ''
    const review = (words: string[]) => request(sim).post('/__sim/security/review-words').send({ words })
    expect((await review(['拿不准'])).status).toBe(200)
    try {
      const c = ConsultationDtoSchema.parse((await open({ title: '修桥征求意见' })).body)
      const url = `/api/v1/consultations/${c.id}`
      const held = await post(`${url}/answers`, 'cv-b', {
        responses: [{ options: [0] }, { text: '这件事拿不准' }],
        comment: '也拿不准',
      })
      expect(held.status).toBe(201)
      const passed = await post(`${url}/answers`, 'cv-proxy', {
        responses: [{ options: [1] }, { text: '先修桥' }],
      })
      expect(passed.status).toBe(201)
      const before = ConsultationParticipantsDtoSchema.parse(
        (await get(`${url}/participants`, 'demo-secretary')).body,
      )
      expect(before.textsHeld).toBeNull()
      await advance(4)
      const after = ConsultationParticipantsDtoSchema.parse(
        (await get(`${url}/participants`, 'demo-secretary')).body,
      )
      expect(after.participants).toHaveLength(2)
      expect(after.textsHeld).toBe(1)
      expect(JSON.stringify(after)).not.toContain('拿不准')
      expect(after.openAnswers?.[0]?.answers.map((a) => a.text)).toEqual(['先修桥'])
    } finally {
      await review([])
    }
  })
})
