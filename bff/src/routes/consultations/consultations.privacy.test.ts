import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConsultationMineDtoSchema, ConsultationParticipantsDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

/** Nobody reads another person's choice: not a proxy, not staff through the comments (docs/consultations.md). */
const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)
const hh = (i: number) => roster[i] ?? { householdNo: '', headName: '', memberNames: [] }

describe('consultations: whose answer is seen by whom', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const ids: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const post = (url: string, who: string, body: object = {}) =>
    request(server).post(url).set('Authorization', as(who)).send(body)
  const get = (url: string, who: string) => request(server).get(url).set('Authorization', as(who))
  const now = async () => new Date(String((await request(server).get('/api/v1/dev/clock')).body.now))

  async function join(key: string, name: string, householdNo: string): Promise<void> {
    const applied = await post(`/api/v1/villages/${V1}/memberships`, key, { name, householdNo })
    expect(applied.status).toBe(201)
    expect((await post(`/api/v1/memberships/${applied.body.id}/approve`, 'demo-secretary')).status).toBe(200)
    auth[key] = (await signIn(t.app, key)).auth
  }

  async function open(title: string): Promise<string> {
    const deadline = new Date((await now()).getTime() + 2 * 86_400_000).toISOString()
    const res = await post(`/api/v1/villages/${V1}/consultations`, 'demo-secretary', {
      title,
      draft: '拟硬化村东主路 1.2 公里。',
      questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
      deadline,
      unit: 'person',
    })
    expect(res.status).toBe(201)
    return `/api/v1/consultations/${String(res.body.id)}`
  }

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-township', 'demo-villager', 'cp-b', 'cp-proxy']) {
      auth[key] = (await signIn(t.app, key)).auth
      ids[key] = String((await get('/api/v1/me', key)).body.id)
    }
    await join('cp-b', hh(1).headName, hh(1).householdNo)
    await join('cp-proxy', hh(3).headName, hh(3).householdNo)
    // cp-proxy may answer for the head of household 001, who also answers in person (demo-villager).
    const granted = await post(`/api/v1/villages/${V1}/proxies`, 'demo-secretary', {
      userId: ids['cp-proxy'],
      householdNo: hh(0).householdNo,
      forName: hh(0).headName,
    })
    expect(granted.status).toBeLessThan(300)
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  it('should show a proxy only the answers the proxy gave, never the one the person gave in person', async () => {
    const url = await open('代答测试')
    const inPerson = await post(`${url}/answers`, 'demo-villager', {
      responses: [{ options: [1] }],
      comment: '本人亲自作答的意见',
    })
    expect(inPerson.status).toBe(201)
    expect(inPerson.body.via).toBe('self')

    const proxyView = await get(`${url}/mine`, 'cp-proxy')
    expect(proxyView.status).toBe(200)
    const forHead = ConsultationMineDtoSchema.parse(proxyView.body).entitlements.find(
      (e) => e.as === 'proxy' && e.name === hh(0).headName,
    )
    expect(forHead).toBeDefined()
    expect(forHead?.answer).toBeNull()
    expect(JSON.stringify(proxyView.body)).not.toContain('本人亲自')
    // The person still sees their own answer.
    const own = ConsultationMineDtoSchema.parse((await get(`${url}/mine`, 'demo-villager')).body)
    expect(own.entitlements.find((e) => e.as === 'self')?.answer).toMatchObject({
      responses: [{ options: [1] }],
      comment: '本人亲自作答的意见',
    })

    // The proxy's answer replaces the person's (one key, documented); the proxy then sees what it gave, the
    // person does not see the proxy's choice.
    const byProxy = await post(`${url}/answers`, 'cp-proxy', {
      onBehalfOf: { householdNo: hh(0).householdNo, name: hh(0).headName },
      responses: [{ options: [0] }],
      comment: '代为转达的意见',
    })
    expect(byProxy.status).toBe(200)
    expect(byProxy.body.replaced).toBe(true)
    const proxyAfter = ConsultationMineDtoSchema.parse((await get(`${url}/mine`, 'cp-proxy')).body)
    expect(proxyAfter.entitlements.find((e) => e.as === 'proxy')?.answer).toMatchObject({
      responses: [{ options: [0] }],
      comment: '代为转达的意见',
    })
    const personAfter = await get(`${url}/mine`, 'demo-villager')
    expect(
      ConsultationMineDtoSchema.parse(personAfter.body).entitlements.find((e) => e.as === 'self')?.answer,
    ).toBeNull()
    expect(JSON.stringify(personAfter.body)).not.toContain('代为转达')
  })

  it('should list comments under opaque ids, in an order of their own, that the summary takes', async () => {
    const url = await open('评论不能对上人')
    // Household 001 writes the comment that sorts last, 002 the one that sorts first (pinyin z… and f…), one
    // second apart so answer ids and answeredAt differ.
    expect(
      (await post(`${url}/answers`, 'demo-villager', { responses: [{ options: [0] }], comment: '赞成修路' }))
        .status,
    ).toBe(201)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(
      (await post(`${url}/answers`, 'cp-b', { responses: [{ options: [1] }], comment: '反对修路' })).status,
    ).toBe(201)

    const open_ = ConsultationParticipantsDtoSchema.parse(
      (await get(`${url}/participants`, 'demo-secretary')).body,
    )
    expect(open_.participants.map((p) => p.householdNo)).toEqual([hh(0).householdNo, hh(1).householdNo])
    // Held back until the deadline: see the next test.
    expect(open_.comments).toBeNull()
    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(200)

    const listed = await get(`${url}/participants`, 'demo-secretary')
    expect(listed.status).toBe(200)
    const who = ConsultationParticipantsDtoSchema.parse(listed.body)
    expect(who.participants.map((p) => p.householdNo)).toEqual([hh(0).householdNo, hh(1).householdNo])
    const comments = who.comments ?? []
    expect(comments.map((x) => x.text)).toEqual(['反对修路', '赞成修路'])

    const answers = await t.services?.models.ConsultationAnswer.find({}, { _id: 1 }).lean()
    const answerIds = new Set((answers ?? []).map((a) => a._id.toHexString()))
    expect(answerIds.size).toBeGreaterThanOrEqual(2)
    const seconds = new Set(who.participants.map((p) => Math.floor(Date.parse(p.answeredAt) / 1000)))
    for (const c of comments) {
      expect(c.id).toMatch(/^[0-9a-f]{32}$/)
      expect(answerIds.has(c.id)).toBe(false)
      for (const a of answerIds) expect(c.id).not.toContain(a.slice(0, 8))
      // Read as an ObjectId, its first 4 bytes are no participant's answer time.
      expect(seconds.has(Number.parseInt(c.id.slice(0, 8), 16))).toBe(false)
      expect(Object.keys(c).sort()).toEqual(['id', 'text'])
    }
    // The same ids each time (the secretary lists, then publishes), and the township sees the same.
    const again = ConsultationParticipantsDtoSchema.parse(
      (await get(`${url}/participants`, 'demo-township')).body,
    )
    expect(again.comments).toEqual(who.comments)

    // An answer's ObjectId is not a comment id.
    const byAnswerId = await post(`${url}/summary`, 'demo-secretary', {
      decided: '提交村民代表会议表决。',
      commentIds: [[...answerIds][0]],
    })
    expect(byAnswerId.status).toBe(400)
    // Told in Chinese, like every answer a person may read.
    expect(byAnswerId.body.error).toMatchObject({
      code: 'validation_error',
      message: expect.stringContaining('没有找到要公开的这条意见'),
    })
    const chosen = comments.find((x) => x.text === '赞成修路')
    // The summary is public: a decision that names a child's age and school is refused until reworded.
    const withChild = await post(`${url}/summary`, 'demo-secretary', {
      decided: '先修通往小学的路，王小明今年8岁每天走这条路上学。',
      commentIds: [chosen?.id],
    })
    expect(withChild.status).toBe(422)
    expect(withChild.body.error.code).toBe('minor_details')
    expect(withChild.body.error.message).toContain('决定怎么办')
    // The decision is the secretary's own text: reworded, not "left out" like a villager's comment.
    expect(withChild.body.error.message).toContain('请改写“决定怎么办”的文字')
    expect(withChild.body.error.message).not.toContain('不选这条意见')
    const summary = await post(`${url}/summary`, 'demo-secretary', {
      decided: '提交村民代表会议表决。',
      commentIds: [chosen?.id],
    })
    expect(summary.status).toBe(201)
    const draft = await get(`/api/v1/disclosures/${String(summary.body.disclosureId)}`, 'demo-secretary')
    expect(draft.body.body).toContain('赞成修路')
    expect(draft.body.body).not.toContain('反对修路')
  })

  it('should not let staff tie a comment to a participant by reading the list as answers arrive or change', async () => {
    // Re-probe D N3: each read before the deadline showed the new comment next to one new named participant, and
    // an edited comment kept its id while that participant's answeredAt moved.
    const url = await open('边答边看也对不上人')
    const read = async () =>
      ConsultationParticipantsDtoSchema.parse((await get(`${url}/participants`, 'demo-secretary')).body)
    expect(
      (await post(`${url}/answers`, 'demo-villager', { responses: [{ options: [0] }], comment: '甲我支持' }))
        .status,
    ).toBe(201)
    const first = await read()
    expect(first.participants).toHaveLength(1)
    expect(first.comments).toBeNull()
    expect(JSON.stringify(first)).not.toContain('甲我支持')
    expect(
      (await post(`${url}/answers`, 'cp-b', { responses: [{ options: [1] }], comment: '乙我反对' })).status,
    ).toBe(201)
    const second = await read()
    expect(second.participants).toHaveLength(2)
    expect(second.comments).toBeNull()
    const before = await t.services?.models.ConsultationAnswer.findOne({ comment: '甲我支持' }).lean()
    expect(
      (
        await post(`${url}/answers`, 'demo-villager', {
          responses: [{ options: [1] }],
          comment: '甲改主意了，反对',
        })
      ).status,
    ).toBe(200)
    const edited = await read()
    expect(edited.comments).toBeNull()
    // The time shown is the first answer's: staff cannot see that, or when, someone changed their answer.
    expect(edited.participants.map((p) => p.answeredAt)).toEqual(second.participants.map((p) => p.answeredAt))

    // After the deadline the comments are listed, ordered by text; the edited one is not under the id its first
    // text would have had (ids are keyed on the answer and the text).
    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(200)
    const closed = await read()
    expect(closed.comments?.map((x) => x.text)).toEqual(['甲改主意了，反对', '乙我反对'])
    const svc = t.services?.consultations
    if (!before || !svc) throw new Error('no answer or service')
    const [firstId] = svc.commentsOf([{ ...before, comment: '甲我支持' }]).map((x) => x.id)
    const [editedId] = svc.commentsOf([{ ...before, comment: '甲改主意了，反对' }]).map((x) => x.id)
    expect(editedId).not.toBe(firstId)
    expect(closed.comments?.map((x) => x.id)).toContain(editedId)
    expect(closed.comments?.map((x) => x.id)).not.toContain(firstId)
  })
  it('should let staff read the open answers of a secret ballot unsigned after the close, and print chosen ones under their question', async () => {
    // Outside test report M1: in a 不记名 consultation the open answers reached no one (tally and summary: 2 人作答).
    const deadline = new Date((await now()).getTime() + 2 * 86_400_000).toISOString()
    const opened = await post(`/api/v1/villages/${V1}/consultations`, 'demo-secretary', {
      title: '收垃圾的日子',
      draft: '拟每周收两次垃圾。',
      questions: [
        { kind: 'single', text: '是否同意每周收两次？', options: ['同意', '不同意'] },
        { kind: 'text', text: '您希望每周哪几天收垃圾？' },
        { kind: 'text', text: '垃圾桶放在哪里好？' },
      ],
      deadline,
      unit: 'person',
    })
    expect(opened.status).toBe(201)
    const url = `/api/v1/consultations/${String(opened.body.id)}`
    const first = await post(`${url}/answers`, 'demo-villager', {
      responses: [{ options: [0] }, { text: '周一和周四，有事打13800138000' }, { text: '' }],
      comment: '',
    })
    expect(first.status).toBe(201)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const second = await post(`${url}/answers`, 'cp-b', {
      responses: [
        { options: [1] },
        { text: '周六早上' },
        { text: '别放在小学门口，我孙子王小明今年8岁天天从那里走' },
      ],
      comment: '希望准时来收',
    })
    expect(second.status).toBe(201)
    const read = async (who: string) => {
      const res = await get(`${url}/participants`, who)
      expect(res.status).toBe(200)
      return { dto: ConsultationParticipantsDtoSchema.parse(res.body), raw: JSON.stringify(res.body) }
    }
    // Before the close: neither the answers nor the comments (read as answers arrive, they could be tied to people).
    const running = await read('demo-secretary')
    expect(running.dto.openAnswers).toBeNull()
    expect(running.raw).not.toContain('周六早上')

    expect((await request(server).post('/api/v1/dev/clock').send({ advanceDays: 3 })).status).toBe(200)
    const { dto, raw } = await read('demo-secretary')
    expect(dto.participants.map((p) => p.householdNo)).toEqual([hh(0).householdNo, hh(1).householdNo])
    expect(dto.participants.every((p) => p.responses === null)).toBe(true)
    // Each open question's answers, unsigned, ordered by their text (cp-b's first though it answered last), scrubbed.
    expect(dto.openAnswers?.map((q) => [q.question, q.text])).toEqual([
      [1, '您希望每周哪几天收垃圾？'],
      [2, '垃圾桶放在哪里好？'],
    ])
    const days = dto.openAnswers?.[0]?.answers ?? []
    expect(days.map((a) => a.text)).toEqual(['周六早上', expect.stringContaining('周一和周四')])
    expect(raw).not.toContain('13800138000')
    expect(dto.openAnswers?.[1]?.answers.map((a) => a.text)).toEqual([
      expect.stringContaining('别放在小学门口'),
    ])
    const stored = await t.services?.models.ConsultationAnswer.find({}, { _id: 1 }).lean()
    const answerIds = new Set((stored ?? []).map((a) => a._id.toHexString()))
    for (const a of dto.openAnswers?.flatMap((q) => q.answers) ?? []) {
      expect(Object.keys(a).sort()).toEqual(['id', 'text'])
      expect(a.id).toMatch(/^[0-9a-f]{32}$/)
      expect(answerIds.has(a.id)).toBe(false)
      expect(dto.comments?.map((c) => c.id)).not.toContain(a.id)
    }
    // The township reads the same, under the same ids.
    expect((await read('demo-township')).dto.openAnswers).toEqual(dto.openAnswers)

    const [saturday, mondays] = days
    const child = dto.openAnswers?.[1]?.answers[0]
    const comment = dto.comments?.[0]
    // A comment's id is not an open answer's.
    const wrongKind = await post(`${url}/summary`, 'demo-secretary', {
      decided: '每周收两次。',
      openAnswerIds: [comment?.id],
    })
    expect(wrongKind.status).toBe(422)
    expect(wrongKind.body.error.message).toBe('所选回答不存在或不能公开')
    // The summary is public: an answer with a child's details is left out, as a comment would be.
    const withChild = await post(`${url}/summary`, 'demo-secretary', {
      decided: '每周收两次。',
      openAnswerIds: [saturday?.id, child?.id],
    })
    expect(withChild.status).toBe(422)
    expect(withChild.body.error.code).toBe('minor_details')
    expect(withChild.body.error.message).toContain('所选第2条回答')
    expect(withChild.body.error.message).toContain('请不选这条回答')
    expect(withChild.body.error.message).not.toContain('决定怎么办')
    const summary = await post(`${url}/summary`, 'demo-secretary', {
      decided: '每周六早上收垃圾。',
      openAnswerIds: [saturday?.id],
      commentIds: [comment?.id],
    })
    expect(summary.status).toBe(201)
    const draft = await get(`/api/v1/disclosures/${String(summary.body.disclosureId)}`, 'demo-secretary')
    const body = String(draft.body.body)
    expect(body).toContain('2. 您希望每周哪几天收垃圾？（2 人作答）\n   · 周六早上\n3.')
    expect(body).not.toContain(mondays?.text ?? '周一和周四')
    expect(body).toContain('· 希望准时来收')
  })
})
