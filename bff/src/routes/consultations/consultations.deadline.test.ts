import request from 'supertest'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ConsultationDtoSchema, ConsultationTallyDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'
import { ANSWER_WRITE_GRACE_MS } from '../../services/consultation-tallies.service'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)
const hh = (i: number) => roster[i] ?? { householdNo: '', headName: '', memberNames: [] }

/**
 * The deadline of a consultation (docs/consultations.md, Deadline): an answer accepted (200/201) is always in the
 * frozen tally, and no answer is stored once its write ends past the deadline's grace.
 */
describe('consultation answers around the deadline', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''
  const post = (url: string, who: string, body: object = {}) =>
    request(server).post(url).set('Authorization', as(who)).send(body)
  const get = (url: string, who: string) => request(server).get(url).set('Authorization', as(who))
  const setClock = (at: number) => services.clock.setTo(new Date(at))
  const forProxy = { householdNo: hh(2).householdNo, name: hh(2).headName }

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-secretary', 'demo-villager', 'cd-b']) auth[key] = (await signIn(t.app, key)).auth
    const applied = await post(`/api/v1/villages/${V1}/memberships`, 'cd-b', {
      name: hh(1).headName,
      householdNo: hh(1).householdNo,
    })
    expect(applied.status).toBe(201)
    expect((await post(`/api/v1/memberships/${applied.body.id}/approve`, 'demo-secretary')).status).toBe(200)
    auth['cd-b'] = (await signIn(t.app, 'cd-b')).auth
    const villagerId = String((await get('/api/v1/me', 'demo-villager')).body.id)
    const granted = await post(`/api/v1/villages/${V1}/proxies`, 'demo-secretary', {
      userId: villagerId,
      householdNo: forProxy.householdNo,
      forName: forProxy.name,
    })
    expect(granted.status).toBeLessThan(300)
  }, 180_000)
  afterEach(() => {
    vi.restoreAllMocks()
  })
  afterAll(async () => {
    await t.close()
  })

  async function open(): Promise<{ id: string; deadline: number }> {
    const deadline = new Date(services.clock.now().getTime() + 2 * 3_600_000)
    deadline.setUTCMilliseconds(0)
    const res = await post(`/api/v1/villages/${V1}/consultations`, 'demo-secretary', {
      title: '截止时刻',
      draft: '测试截止前后的意见',
      questions: [{ kind: 'single', text: '同意吗', options: ['同意', '不同意'] }],
      deadline: deadline.toISOString(),
      unit: 'person',
    })
    expect(res.status).toBe(201)
    return { id: ConsultationDtoSchema.parse(res.body).id, deadline: deadline.getTime() }
  }
  const answer = (id: string, who: string, option: number, onBehalfOf?: object) =>
    post(`/api/v1/consultations/${id}/answers`, who, { responses: [{ options: [option] }], onBehalfOf })
  const counts = async (id: string) => {
    const res = await get(`/api/v1/consultations/${id}/tally`, 'demo-villager')
    expect(res.status).toBe(200)
    return ConsultationTallyDtoSchema.parse(res.body).questions[0]?.options.map((o) => o.count)
  }

  /** Runs `during` once the next answer's write has passed its deadline check, before it reaches the database. */
  function duringNextWrite(during: () => Promise<void>): void {
    const model = services.models.ConsultationAnswer
    const original = model.findOneAndUpdate.bind(model)
    vi.spyOn(model, 'findOneAndUpdate').mockImplementationOnce(((...args: Parameters<typeof original>) => {
      const query = original(...args)
      const exec = query.exec.bind(query)
      query.exec = async () => {
        await during()
        return exec()
      }
      return query
    }) as typeof original)
  }

  it('should count an answer whose check passed before the deadline though the tally was asked for meanwhile', async () => {
    const c = await open()
    setClock(c.deadline - 1_000)
    let meanwhile = 0
    duringNextWrite(async () => {
      setClock(c.deadline + 1_000)
      meanwhile = (await get(`/api/v1/consultations/${c.id}/tally`, 'demo-villager')).status
    })
    expect((await answer(c.id, 'demo-villager', 0)).status).toBe(201)
    // Just after the deadline the last writes may still land: no tally yet, in plain words.
    expect(meanwhile).toBe(409)
    const early = await get(`/api/v1/consultations/${c.id}/tally`, 'demo-villager')
    expect(early.body.error).toMatchObject({
      code: 'tally_not_ready',
      message: expect.stringContaining('正在统计'),
    })
    setClock(c.deadline + ANSWER_WRITE_GRACE_MS + 1_000)
    expect(await counts(c.id)).toEqual([1, 0])
  })

  it('should undo and refuse a write that ends past the grace, keeping the answer it would have replaced', async () => {
    const c = await open()
    expect((await answer(c.id, 'demo-villager', 0)).status).toBe(201)
    setClock(c.deadline - 1_000)
    duringNextWrite(async () => {
      setClock(c.deadline + ANSWER_WRITE_GRACE_MS + 1_000)
      await counts(c.id) // the tally freezes meanwhile
    })
    const late = await answer(c.id, 'demo-villager', 1)
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('consultation_closed')
    // An insert that ends late is removed.
    setClock(c.deadline - 1_000)
    duringNextWrite(async () => {
      setClock(c.deadline + ANSWER_WRITE_GRACE_MS + 2_000)
    })
    expect((await answer(c.id, 'cd-b', 1)).status).toBe(409)
    const stored = await services.models.ConsultationAnswer.find({ consultationId: c.id }).lean()
    expect(stored.map((a) => ({ responses: a.responses, revisions: a.revisions }))).toEqual([
      { responses: [{ options: [0] }], revisions: 1 },
    ])
    expect(await counts(c.id)).toEqual([1, 0])
  })

  it('should count every accepted answer when many arrive around the deadline, and store none checked after it', async () => {
    const c = await open()
    setClock(c.deadline - 600)
    let polling = true
    const poller = (async () => {
      while (polling) await get(`/api/v1/consultations/${c.id}/tally`, 'demo-villager')
    })()
    const senders: [string, object | undefined][] = [
      ['demo-villager', undefined],
      ['cd-b', undefined],
      ['demo-villager', forProxy],
    ]
    const lastAccepted = await Promise.all(
      senders.map(async ([who, onBehalfOf], s) => {
        let last: number | null = null
        for (let i = 0; i < 25; i++) {
          const option = (i + s) % 2
          const res = await answer(c.id, who, option, onBehalfOf)
          if (res.status < 300) last = option
          else expect(res.body.error.code).toBe('consultation_closed')
        }
        return last
      }),
    )
    polling = false
    await poller
    expect(lastAccepted.some((x) => x === null)).toBe(false)
    setClock(c.deadline + ANSWER_WRITE_GRACE_MS + 1_000)
    const expected = [0, 1].map((o) => lastAccepted.filter((x) => x === o).length)
    expect(await counts(c.id)).toEqual(expected)
    const stored = await services.models.ConsultationAnswer.find({ consultationId: c.id }).lean()
    expect(stored.every((a) => a.updatedAt.getTime() < c.deadline)).toBe(true)
  })
})
