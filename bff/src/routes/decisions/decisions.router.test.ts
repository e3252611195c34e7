import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DecisionDtoSchema } from '@cunwu/domain'
import type { DecisionDto } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead, eventually } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')

const road = {
  title: '村道硬化一事一议筹资',
  kind: 'fundraising',
  description: '硬化村东主路 800 米，每户筹资 30 元',
}
const votes = (f: number, a = 0, ab = 0) => ({ for: f, against: a, abstain: ab })
const steps = {
  proposal: {
    step: 'proposal',
    heldOn: '2026-11-02',
    bodySize: 5,
    present: 5,
    votes: votes(5),
    motion: '提议村道硬化',
  },
  discussion: {
    step: 'discussion',
    heldOn: '2026-11-04',
    bodySize: 7,
    present: 7,
    votes: votes(6, 1),
    motion: '商议筹资方案',
  },
  review: {
    step: 'review',
    heldOn: '2026-11-06',
    bodySize: 30,
    present: 24,
    votes: votes(20, 2, 2),
    motion: '审议方案',
  },
  resolution: {
    step: 'resolution',
    heldOn: '2026-11-10',
    meeting: 'representatives',
    bodySize: 30,
    present: 21,
    votes: votes(18, 2, 1),
    motion: '每户筹资 30 元硬化村东主路',
  },
}

describe('decisions (四议两公开)', () => {
  let t: PayTestApp
  let secretary = ''
  let secretary2 = ''
  let villager = ''
  let township = ''

  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    secretary2 = (await signIn(t.app, 'demo-secretary-2')).auth
    villager = (await signIn(t.app, 'demo-villager')).auth
    township = (await signIn(t.app, 'demo-township')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  const api = () => request(t.app.callback())
  let opened = 0
  async function open(title = road.title): Promise<string> {
    // Each matter told apart by its description: the same matter sent again at once is one (docs/api.md).
    const res = await api()
      .post(`/api/v1/villages/${V1}/decisions`)
      .set('Authorization', secretary)
      .send({ ...road, title, description: `${road.description}（第${++opened}件）` })
    expect(res.status).toBe(201)
    return DecisionDtoSchema.parse(res.body).id
  }
  const record = (id: string, body: object) =>
    api().post(`/api/v1/decisions/${id}/steps`).set('Authorization', secretary).send(body)
  async function passAll(id: string): Promise<DecisionDto> {
    let last: request.Response | undefined
    for (const s of Object.values(steps)) {
      last = await record(id, s)
      expect(last.status).toBe(201)
    }
    return DecisionDtoSchema.parse(last?.body)
  }

  describe('POST /api/v1/villages/:code/decisions', () => {
    it('should open a matter for the village secretary, next step the proposal', async () => {
      const res = await api()
        .post(`/api/v1/villages/${V1}/decisions`)
        .set('Authorization', secretary)
        .send(road)
      expect(res.status).toBe(201)
      expect(DecisionDtoSchema.parse(res.body)).toMatchObject({
        status: 'deliberating',
        nextStep: 'proposal',
        kindLabel: '一事一议筹资筹劳',
        steps: [],
      })
    })

    it('should refuse a new matter with 429 while the village has 50 still in deliberation', async () => {
      const models = t.services?.models
      if (!models) throw new Error('no models')
      const village = demoRegionOf('demo-secretary-2')
      const open = await models.Decision.countDocuments({ villageCode: village, status: 'deliberating' })
      await models.Decision.insertMany(
        Array.from({ length: 50 - open }, (_, i) => ({
          villageCode: village,
          title: `议事${i}`,
          kind: 'other',
          status: 'deliberating',
          nextStep: 'proposal',
          createdBy: new Types.ObjectId(),
        })),
      )
      const res = await api()
        .post(`/api/v1/villages/${village}/decisions`)
        .set('Authorization', secretary2)
        .send(road)
      expect(res.status).toBe(429)
      expect(res.body.error.code).toBe('rate_limited')
      await models.Decision.deleteMany({ villageCode: village, title: /^议事\d+$/ })
    })

    it('should answer 400 to bad input, 401 without a token, 403 to a villager or another village', async () => {
      for (const body of [{ ...road, title: 'x' }, { ...road, kind: 'tax' }, { ...road, extra: 1 }, {}]) {
        const res = await api()
          .post(`/api/v1/villages/${V1}/decisions`)
          .set('Authorization', secretary)
          .send(body)
        expect(res.status).toBe(400)
        expect(res.body.error.code).toBe('validation_error')
      }
      expect((await api().post(`/api/v1/villages/${V1}/decisions`).send(road)).status).toBe(401)
      for (const who of [villager, secretary2]) {
        const res = await api().post(`/api/v1/villages/${V1}/decisions`).set('Authorization', who).send(road)
        expect(res.status).toBe(403)
      }
    })
  })

  describe('POST /api/v1/decisions/:id/steps', () => {
    it('should record the four steps in order with a quorum and send the resolution to review', async () => {
      const id = await open()
      const dto = await passAll(id)
      expect(dto.status).toBe('passed')
      expect(dto.nextStep).toBeNull()
      expect(dto.steps.map((s) => [s.step, s.outcome])).toEqual([
        ['proposal', 'passed'],
        ['discussion', 'passed'],
        ['review', 'passed'],
        ['resolution', 'passed'],
      ])
      expect(dto.steps[3]).toMatchObject({ quorum: 20, votesNeeded: 11, meetingLabel: '村民代表会议' })
      expect(dto.steps[3]?.explanation.join('')).toContain('至少 20 人')
      expect(dto.resolutionDisclosure).toMatchObject({ status: 'pending_review' })
      const d = await t.services?.models.Disclosure.findById(dto.resolutionDisclosure?.id).lean()
      expect(d).toMatchObject({ catalogItemId: 'village-affairs.four-two.resolution', period: '2026-11' })
      expect(d?.body).toContain('同意 18，反对 2，弃权 1')
      expect(d?.rows?.[3]).toMatchObject({ step: '村民会议或村民代表会议决议', present: 21, approve: 18 })
    })

    it('should refuse a step out of order with 409 decision_step_out_of_order', async () => {
      const id = await open()
      const skip = await record(id, steps.review)
      expect(skip.status).toBe(409)
      expect(skip.body.error.code).toBe('decision_step_out_of_order')
      expect((await record(id, steps.proposal)).status).toBe(201)
      const again = await record(id, steps.proposal)
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('decision_step_out_of_order')
    })

    it('should refuse more votes than attendees and more attendees than the body with 422', async () => {
      const id = await open()
      const tooMany = await record(id, { ...steps.proposal, present: 4, votes: votes(3, 1, 1) })
      expect(tooMany.status).toBe(422)
      expect(tooMany.body.error.code).toBe('votes_exceed_attendance')
      const crowd = await record(id, { ...steps.proposal, present: 6, votes: votes(5) })
      expect(crowd.status).toBe(422)
      expect(crowd.body.error.code).toBe('attendance_exceeds_body')
      const dto = DecisionDtoSchema.parse(
        (await api().get(`/api/v1/decisions/${id}`).set('Authorization', secretary)).body,
      )
      expect(dto.steps).toEqual([])
    })

    it('should answer 400 to malformed steps (a resolution without its meeting, negative counts, bad dates)', async () => {
      const id = await open()
      for (const body of [
        { ...steps.resolution, meeting: undefined },
        { ...steps.proposal, present: -1 },
        { ...steps.proposal, heldOn: '2026-02-30' },
        // Out of range: a passed resolution of year 0001 could never be drafted as 决议公开.
        { ...steps.proposal, heldOn: '0001-01-01' },
        { ...steps.proposal, heldOn: '1999-12-31' },
        { ...steps.proposal, votes: { for: 1 } },
      ]) {
        const res = await record(id, body)
        expect(res.status, JSON.stringify(body)).toBe(400)
      }
      const future = await record(id, { ...steps.proposal, heldOn: '2999-01-01' })
      expect(future.status).toBe(422)
    })

    it('should record a resolution without quorum as no_quorum and refuse later steps with 409', async () => {
      const id = await open()
      for (const s of [steps.proposal, steps.discussion, steps.review])
        expect((await record(id, s)).status).toBe(201)
      const res = await record(id, { ...steps.resolution, present: 19, votes: votes(19) })
      expect(res.status).toBe(201)
      const dto = DecisionDtoSchema.parse(res.body)
      expect(dto).toMatchObject({ status: 'no_quorum', nextStep: null, resolutionDisclosure: null })
      expect(dto.steps[3]?.explanation.at(-1)).toContain('到会人数不足')
      const later = await record(id, steps.resolution)
      expect(later.status).toBe(409)
      expect(later.body.error.code).toBe('decision_closed')
    })

    it('should record a motion that did not pass as failed and stop there', async () => {
      const id = await open()
      expect((await record(id, steps.proposal)).status).toBe(201)
      const res = await record(id, { ...steps.discussion, votes: votes(3, 4) })
      expect(DecisionDtoSchema.parse(res.body)).toMatchObject({ status: 'failed', nextStep: null })
      const later = await record(id, steps.review)
      expect(later.status).toBe(409)
      expect(later.body.error.code).toBe('decision_closed')
    })

    it('should link a consultation of the village closed by the day of the meeting; one of another village is unknown (404)', async () => {
      const models = t.services?.models
      if (!models) throw new Error('no models')
      const consultation = (villageCode: string, deadline: Date) =>
        models.Consultation.create({
          villageCode,
          title: '村道硬化筹资征求意见',
          draft: '每户筹资 30 元',
          questions: [{ kind: 'single', text: '是否同意', options: ['同意', '不同意'] }],
          deadline,
          unit: 'household',
          ballot: 'secret',
          openedBy: 'secretary',
          openedById: new Types.ObjectId(),
          createdAt: new Date(),
        })
      // Closed (Beijing time) the day before the proposal's meeting of 2026-11-02.
      const past = new Date('2026-11-01T04:00:00Z')
      const foreign = await consultation(V2, past)
      const running = await consultation(V1, new Date(Date.now() + 86_400_000))
      const closedAfterMeeting = await consultation(V1, new Date(Date.now() - 86_400_000))
      const closed = await consultation(V1, past)
      const id = await open()
      const unknown = await record(id, { ...steps.proposal, consultationId: '0123456789abcdef01234567' })
      expect(unknown.status).toBe(404)
      // Another village's id answers as an unknown one: naming it must not confirm it exists (docs/api.md).
      const other = await record(id, { ...steps.proposal, consultationId: foreign.id })
      expect(other.status).toBe(404)
      expect(other.body).toEqual(unknown.body)
      const early = await record(id, { ...steps.proposal, consultationId: running.id })
      expect(early.status).toBe(422)
      // A meeting cannot rest on a consultation that ended after it.
      const late = await record(id, { ...steps.proposal, consultationId: closedAfterMeeting.id })
      expect(late.status).toBe(422)
      expect(late.body.error.message).toMatch(/晚于会议日期/)
      const res = await record(id, { ...steps.proposal, consultationId: closed.id })
      expect(res.status).toBe(201)
      expect(DecisionDtoSchema.parse(res.body).steps[0]?.consultationId).toBe(closed.id)
    })

    it('should let only the village secretary record', async () => {
      const id = await open()
      // 403 inside the village's regions; another village's secretary is told the decision does not exist.
      for (const [who, status] of [
        [villager, 403],
        [township, 403],
        [secretary2, 404],
      ] as const) {
        const res = await api()
          .post(`/api/v1/decisions/${id}/steps`)
          .set('Authorization', who)
          .send(steps.proposal)
        expect(res.status).toBe(status)
      }
    })
  })

  describe('决议公开', () => {
    it('should publish each resolution through township review in its own series, several in one month', async () => {
      const first = await passAll(await open('村道硬化一事一议筹资'))
      const second = await passAll(await open('集体鱼塘发包'))
      expect(first.resolutionDisclosure?.id).not.toBe(second.resolutionDisclosure?.id)
      for (const dto of [first, second]) {
        const review = await api()
          .post(`/api/v1/disclosures/${dto.resolutionDisclosure?.id}/review`)
          .set('Authorization', township)
          .send({
            decision: 'approve',
            revision: await seenRevision(t.app.callback(), dto.resolutionDisclosure?.id ?? '', township),
          })
        expect(review.status).toBe(200)
        const after = DecisionDtoSchema.parse(
          (await api().get(`/api/v1/decisions/${dto.id}`).set('Authorization', villager)).body,
        )
        expect(after.resolutionDisclosure?.status).toBe('published')
      }
      // The item's ordinary one-per-period series is untouched by the decisions' own series.
      const plain = {
        catalogItemId: 'village-affairs.four-two.resolution',
        period: '2026-11',
        title: '十一月议事记录',
        rows: [],
      }
      const a = await api()
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send(plain)
      expect(a.status).toBe(201)
      // Other words: the same words within seconds would be the first answer again (a resend, docs/api.md).
      const b = await api()
        .post(`/api/v1/villages/${V1}/disclosures`)
        .set('Authorization', secretary)
        .send({ ...plain, title: '十一月议事记录（补）' })
      expect(b.status).toBe(409)
      expect(b.body.error.code).toBe('disclosure_exists')
    })

    it('should keep the recorded counts in 决议公开 when the draft comes back from review and in later versions', async () => {
      const dto = await passAll(await open('村集体鱼塘发包'))
      const id = dto.resolutionDisclosure?.id ?? ''
      const returned = await api()
        .post(`/api/v1/disclosures/${id}/review`)
        .set('Authorization', township)
        .send({
          decision: 'return',
          comment: '请核对',
          revision: await seenRevision(t.app.callback(), id, township),
        })
      expect(returned.status).toBe(200)
      expect(returned.body.status).toBe('draft')
      const draft = (await api().get(`/api/v1/disclosures/${id}`).set('Authorization', secretary)).body
      const rows = draft.table.rows as Record<string, unknown>[]
      const patch = (body: object) =>
        api().patch(`/api/v1/disclosures/${id}`).set('Authorization', secretary).send(body)
      // The resolution passed 18 to 2 with 21 of 30 present; the table may not say otherwise, nor the text.
      const inflated = rows.map((r, i) =>
        i === rows.length - 1 ? { ...r, present: 29, approve: 28, oppose: 0, abstain: 1 } : r,
      )
      for (const body of [
        { rows: inflated },
        { body: '全体村民代表一致同意' },
        { title: '决议公开：全票通过' },
      ]) {
        const res = await patch(body)
        expect(res.status, JSON.stringify(body)).toBe(422)
        expect(res.body.error.message).toContain('按会议记录生成')
      }
      // Sending them back unchanged, or adding what the record does not hold, is fine.
      expect((await patch({ rows, body: draft.body, title: draft.title })).status).toBe(200)
      expect((await patch({ interpretation: null })).status).toBe(200)
      expect(
        (await api().post(`/api/v1/disclosures/${id}/submit`).set('Authorization', secretary).send({}))
          .status,
      ).toBe(200)
      expect(
        (
          await api()
            .post(`/api/v1/disclosures/${id}/review`)
            .set('Authorization', township)
            .send({ decision: 'approve', revision: await seenRevision(t.app.callback(), id, township) })
        ).status,
      ).toBe(200)
      const published = (await api().get(`/api/v1/disclosures/${id}`)).body
      expect(published.table.rows.at(-1)).toMatchObject({ present: 21, approve: 18, oppose: 2 })
      // A new version after publication starts from the record and keeps it too.
      const next = await api()
        .post(`/api/v1/disclosures/${id}/versions`)
        .set('Authorization', secretary)
        .send({ changeNote: '更正' })
      expect(next.status).toBe(201)
      const edit = await api()
        .patch(`/api/v1/disclosures/${next.body.id}`)
        .set('Authorization', secretary)
        .send({ rows: inflated })
      expect(edit.status).toBe(422)
      // The decision links the version the public reads: the first while the correction is under way, then that.
      const linked = async () =>
        DecisionDtoSchema.parse(
          (await api().get(`/api/v1/decisions/${dto.id}`).set('Authorization', villager)).body,
        ).resolutionDisclosure
      expect(await linked()).toMatchObject({ id, status: 'published' })
      expect(
        (
          await api()
            .patch(`/api/v1/disclosures/${next.body.id}`)
            .set('Authorization', secretary)
            .send({ interpretation: { qa: [{ q: '发包收入用在哪里？', a: '归村集体，用于村道养护' }] } })
        ).status,
      ).toBe(200)
      const submitted = await api()
        .post(`/api/v1/disclosures/${next.body.id}/submit`)
        .set('Authorization', secretary)
        .send({})
      expect(submitted.status, 'submit').toBe(200)
      const reviewed = await api()
        .post(`/api/v1/disclosures/${next.body.id}/review`)
        .set('Authorization', township)
        .send({ decision: 'approve', revision: await seenRevision(t.app.callback(), next.body.id, township) })
      expect(reviewed.status, 'review').toBe(200)
      expect(await linked()).toMatchObject({ id: next.body.id, status: 'published' })
    })

    it('should repeat 决议公开 without a second disclosure', async () => {
      const dto = await passAll(await open())
      const res = await api()
        .post(`/api/v1/decisions/${dto.id}/resolution-disclosure`)
        .set('Authorization', secretary)
      expect(res.status).toBe(200)
      expect(res.body.resolutionDisclosure.id).toBe(dto.resolutionDisclosure?.id)
    })
  })

  describe('GET /api/v1/decisions/:id and /villages/:code/decisions', () => {
    it('should show the village members and staff, not another village', async () => {
      const id = await open()
      for (const who of [villager, secretary, township]) {
        expect((await api().get(`/api/v1/decisions/${id}`).set('Authorization', who)).status).toBe(200)
      }
      expect((await api().get(`/api/v1/decisions/${id}`).set('Authorization', secretary2)).status).toBe(404)
      expect((await api().get(`/api/v1/decisions/${id}`)).status).toBe(401)
      expect(
        (await api().get(`/api/v1/villages/${V2}/decisions`).set('Authorization', villager)).status,
      ).toBe(403)
      const list = await api().get(`/api/v1/villages/${V1}/decisions`).set('Authorization', villager)
      expect(list.status).toBe(200)
      expect(list.body.decisions.some((d: { id: string }) => d.id === id)).toBe(true)
      expect(
        (await api().get('/api/v1/decisions/0123456789abcdef01234567').set('Authorization', township)).status,
      ).toBe(404)
    })
  })

  describe('GET /api/v1/villages/:code/decisions pages', () => {
    it('should page newest first, filter by status and refuse a bad page', async () => {
      const ids = [await open('第一件'), await open('第二件'), await open('第三件')]
      await passAll(ids[0] as string)
      const get = (q: string) =>
        api().get(`/api/v1/villages/${V1}/decisions?${q}`).set('Authorization', villager)
      const first = await get('limit=2')
      expect(first.status).toBe(200)
      const total = first.body.page.total as number
      expect(total).toBeGreaterThanOrEqual(3)
      expect(first.body.decisions.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]])
      expect(first.body.page).toEqual({ offset: 0, limit: 2, total, nextOffset: 2 })
      const second = await get('limit=2&offset=2')
      expect(second.body.decisions[0].id).toBe(ids[0])
      const seen = new Set<string>()
      for (let offset = 0; offset !== null;) {
        const page = await get(`limit=2&offset=${offset}`)
        for (const d of page.body.decisions as { id: string }[]) seen.add(d.id)
        offset = page.body.page.nextOffset
      }
      expect(seen.size).toBe(total)
      const passed = await get('status=passed')
      expect(passed.body.decisions.map((d: { id: string }) => d.id)).toContain(ids[0])
      expect(passed.body.decisions.every((d: { status: string }) => d.status === 'passed')).toBe(true)
      expect(passed.body.page.total).toBe(passed.body.decisions.length)
      for (const bad of ['limit=0', 'limit=101', 'offset=-1', 'status=maybe', 'limit=abc']) {
        const res = await get(bad)
        expect(res.status, bad).toBe(400)
        expect(res.body.error.message).toMatch(/[\u4e00-\u9fff]/)
      }
    })
  })

  describe('money on a decision', () => {
    const charge = {
      title: '村道硬化筹资',
      unit: 'household',
      unitAmountFen: 3000,
      category: '一事一议筹资',
      payers: [{ householdNo: '001' }, { householdNo: '002' }],
      dueDate: dueDateAhead(),
      basis: { text: '2026年11月村民代表会议决议' },
    }

    it("should refuse a charge on a decision that did not pass, and answer 404 for another village's", async () => {
      const open1 = await open()
      const res = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...charge, decisionId: open1 })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('decision_not_passed')
      const other = await api()
        .post(`/api/v1/villages/${V2}/decisions`)
        .set('Authorization', secretary2)
        .send(road)
      const foreign = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...charge, decisionId: other.body.id })
      // Another village's decision answers as an unknown id would: its existence is not confirmed (docs/api.md).
      expect(foreign.status).toBe(404)
      expect(foreign.body.error.code).toBe('not_found')
      const unknown = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...charge, decisionId: '0123456789abcdef01234567' })
      expect([unknown.status, unknown.body.error.message]).toEqual([404, foreign.body.error.message])
    })

    it('should book payments and expenses against the decision and show them on its page', async () => {
      const dto = await passAll(await open())
      const c = await api()
        .post(`/api/v1/villages/${V1}/charges`)
        .set('Authorization', secretary)
        .send({ ...charge, decisionId: dto.id })
      expect(c.status).toBe(201)
      expect(c.body.decisionId).toBe(dto.id)
      const pay = await api().post(`/api/v1/charges/${c.body.id}/pay`).set('Authorization', villager).send({})
      expect(pay.status).toBe(200)
      t.sim.control.payOrder(pay.body.outTradeNo)
      await eventually(
        async () =>
          (await t.services?.models.LedgerEntry.exists({ outTradeNo: pay.body.outTradeNo })) !== null,
      )
      const entry = await t.services?.models.LedgerEntry.findOne({ outTradeNo: pay.body.outTradeNo }).lean()
      expect(entry?.decisionId?.toHexString()).toBe(dto.id)
      const spent = await api().post(`/api/v1/villages/${V1}/ledger`).set('Authorization', secretary).send({
        section: 'expense',
        date: '2026-11-20',
        amountFen: 1000,
        summary: '购买水泥',
        category: '公益事业支出',
        decisionId: dto.id,
      })
      expect(spent.status).toBe(201)
      const page = DecisionDtoSchema.parse(
        (await api().get(`/api/v1/decisions/${dto.id}`).set('Authorization', villager)).body,
      )
      expect(page.money).toEqual({
        raisedFen: 3000,
        spentFen: 1000,
        charges: [{ id: c.body.id, title: '村道硬化筹资' }],
      })

      const early = await api()
        .post(`/api/v1/decisions/${dto.id}/results`)
        .set('Authorization', secretary)
        .send({ text: '村东主路 800 米已完工并验收' })
      expect(early.status).toBe(409)
      expect(early.body.error.code).toBe('resolution_not_published')
      expect(early.body.error.message).toContain('决议公开')
      const approved = await api()
        .post(`/api/v1/disclosures/${dto.resolutionDisclosure?.id}/review`)
        .set('Authorization', township)
        .send({
          decision: 'approve',
          revision: await seenRevision(t.app.callback(), dto.resolutionDisclosure?.id ?? '', township),
        })
      expect(approved.status).toBe(200)
      const results = await api()
        .post(`/api/v1/decisions/${dto.id}/results`)
        .set('Authorization', secretary)
        .send({ text: '村东主路 800 米已完工并验收' })
      expect(results.status).toBe(201)
      expect(results.body.resultsDisclosure.status).toBe('pending_review')
      const d = await t.services?.models.Disclosure.findById(results.body.resultsDisclosure.id).lean()
      expect(d?.body).toContain('30.00 元')
      expect(d?.body).toContain('支出 10.00 元')
      const twice = await api()
        .post(`/api/v1/decisions/${dto.id}/results`)
        .set('Authorization', secretary)
        .send({ text: '再次公开' })
      expect(twice.status).toBe(409)
    })

    it('should refuse an expense booked against a decision that did not pass', async () => {
      const id = await open()
      const res = await api().post(`/api/v1/villages/${V1}/ledger`).set('Authorization', secretary).send({
        section: 'expense',
        date: '2026-11-20',
        amountFen: 100,
        summary: '购买水泥',
        category: '支出',
        decisionId: id,
      })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('decision_not_passed')
    })
  })
})
