import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { signIn } from '../testing/sign-in'
import { demoRegionOf } from '../testing/demo'

const TOWNSHIP = demoRegionOf('demo-township')
const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
const requester = {
  name: '李四',
  idType: 'resident_id',
  idNumber: '110101199003074477',
  contact: '13800138000',
}

/** Create requests sent twice: by a double tap, or again after an answer lost on a weak network. */
describe('submission guards (Idempotency-Key, one at a time)', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    for (const key of ['demo-villager', 'demo-newcomer', 'demo-township'])
      auth[key] = (await signIn(t.app, key)).auth
  }, 120_000)
  afterAll(async () => {
    await t.close()
  })

  const file = (who: string, description: string, key?: string, regionCode = TOWNSHIP) => {
    const req = request(server)
      .post('/api/v1/info-requests')
      .set('Authorization', auth[who] ?? '')
    if (key) req.set('Idempotency-Key', key)
    return req.send({ regionCode, description, form: 'electronic', requester })
  }
  const mine = async (who: string) =>
    (
      await request(server)
        .get('/api/v1/me/info-requests')
        .set('Authorization', auth[who] ?? '')
    ).body.requests as Array<{ id: string; description: string }>

  it('answers the same key again with the first answer, and files once', async () => {
    const key = 'form-0001-aaaaaaaaaaaa'
    const first = await file('demo-villager', '本镇2025年低保资金发放明细', key)
    expect(first.status).toBe(201)
    const again = await file('demo-villager', '本镇2025年低保资金发放明细', key)
    expect(again.status).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(again.body).toEqual(first.body)
    // The same form rebuilt with its fields in another order is the same content.
    const reordered = await request(server)
      .post('/api/v1/info-requests')
      .set('Authorization', auth['demo-villager'] ?? '')
      .set('Idempotency-Key', key)
      .send({
        requester,
        form: 'electronic',
        description: '本镇2025年低保资金发放明细',
        regionCode: TOWNSHIP,
      })
    expect(reordered.status).toBe(201)
    expect(reordered.body.id).toBe(first.body.id)
    expect((await mine('demo-villager')).filter((r) => r.id === first.body.id)).toHaveLength(1)
    expect(
      (await mine('demo-villager')).filter((r) => r.description.startsWith('本镇2025年低保')),
    ).toHaveLength(1)

    // The same key with other content is refused; a key of another person is theirs alone.
    const other = await file('demo-villager', '本镇2025年临时救助发放明细', key)
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('idempotency_key_reused')
    // The same key and body for another office: another target, refused rather than answered with the first.
    const elsewhere = await file('demo-villager', '本镇2025年低保资金发放明细', key, COUNTY)
    expect(elsewhere.status).toBe(422)
    expect(elsewhere.body.error.code).toBe('idempotency_key_reused')
    const theirs = await file('demo-newcomer', '本镇2025年低保资金发放明细', key)
    expect(theirs.status).toBe(201)
    expect(theirs.body.id).not.toBe(first.body.id)
  })

  it('refuses the same key for the same form to another village, rather than answering with the first', async () => {
    const form = {
      title: '村道硬化征求意见',
      draft: '拟硬化村东主路 1.2 公里。',
      questions: [{ kind: 'single', text: '您是否同意？', options: ['同意', '不同意'] }],
      deadline: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      unit: 'person',
    }
    const key = 'form-0004-dddddddddddd'
    const openIn = (village: string) =>
      request(server)
        .post(`/api/v1/villages/${village}/consultations`)
        .set('Authorization', auth['demo-township'] ?? '')
        .set('Idempotency-Key', key)
        .send(form)
    const first = await openIn('360999100200')
    expect(first.status).toBe(201)
    const other = await openIn('360999100201')
    expect(other.status).toBe(422)
    expect(other.body.error.code).toBe('idempotency_key_reused')
    const again = await openIn('360999100200')
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
  })

  it('refuses a malformed key in words, and keeps nothing of a request that failed', async () => {
    const bad = await file('demo-villager', '本镇道路维修资金', 'short')
    expect(bad.status).toBe(400)
    expect(bad.body.error.details['header.idempotency-key']).toMatch(/[\u4e00-\u9fff]/)
    // Addressed to a village, which is no office: refused by the service, so the key is free for the next try.
    const key = 'form-0002-bbbbbbbbbbbb'
    const refused = await file('demo-villager', '本镇道路维修资金', key, V1)
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.status).toBeLessThan(500)
    const fixed = await file('demo-villager', '本镇道路维修资金', key, TOWNSHIP)
    expect(fixed.status).toBe(201)
  })

  it('gives 30 people registering with one office at once 30 consecutive numbers, none refused', async () => {
    const people = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => (await signIn(t.app, `burst-${i}`)).auth),
    )
    const answers = await Promise.all(
      people.map((who) =>
        request(server).post('/api/v1/info-requests').set('Authorization', who).send({
          regionCode: TOWNSHIP,
          description: '本镇2026年道路养护资金',
          form: 'electronic',
          requester,
        }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 201))
    const numbers = answers
      .map((r) => Number(/第(\d+)号$/u.exec(String(r.body.number))?.[1]))
      .sort((a, b) => a - b)
    const first = numbers[0] ?? 0
    expect(numbers).toEqual(numbers.map((_, i) => first + i))
  }, 120_000)

  it('files once for ten taps at once with one key, and never more than one at a time without one', async () => {
    const key = 'form-0003-cccccccccccc'
    const taps = await Promise.all(
      Array.from({ length: 10 }, () => file('demo-newcomer', '村道硬化工程验收材料', key)),
    )
    for (const r of taps) expect([201, 409]).toContain(r.status)
    const ids = new Set(taps.filter((r) => r.status === 201).map((r) => r.body.id as string))
    expect(ids.size).toBe(1)
    for (const r of taps.filter((x) => x.status === 409)) {
      expect(r.body.error.code).toBe('submission_in_progress')
      expect(r.headers['retry-after']).toBe('2')
    }
    expect(
      (await mine('demo-newcomer')).filter((r) => r.description === '村道硬化工程验收材料'),
    ).toHaveLength(1)

    // Without keys: each answer is one record or a 409, never a record the person did not get an answer for.
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => file('demo-newcomer', `水库移民补助发放情况第${i}项`)),
    )
    for (const r of burst) expect([201, 409]).toContain(r.status)
    const filed = (await mine('demo-newcomer')).filter((r) => r.description.startsWith('水库移民补助'))
    expect(filed).toHaveLength(burst.filter((r) => r.status === 201).length)
  })

  it('answers a copy that arrives after the first finished with the first answer, without a key (tester t2 L3)', async () => {
    const first = await file('demo-villager', '本镇2026年农田水利资金使用情况')
    expect(first.status).toBe(201)
    const late = await file('demo-villager', '本镇2026年农田水利资金使用情况')
    expect(late.status).toBe(201)
    expect(late.headers['idempotent-replayed']).toBe('true')
    expect(late.body).toEqual(first.body)
    // Sent again with a key, the copy's answer is kept under that key too.
    const keyed = await file('demo-villager', '本镇2026年农田水利资金使用情况', 'form-0005-eeeeeeeeeeee')
    expect(keyed.body.id).toBe(first.body.id)
    // Other content by the same person is a new request at once.
    const other = await file('demo-villager', '本镇2026年农田水利资金分配方案')
    expect(other.status).toBe(201)
    expect(other.body.id).not.toBe(first.body.id)
    expect(
      (await mine('demo-villager')).filter((r) => r.description.startsWith('本镇2026年农田水利')),
    ).toHaveLength(2)

    // Once the short window has passed the same content is a new request, the same key still the first answer.
    const models = t.services?.models
    if (!models) throw new Error('no services')
    await models.SubmissionGuard.updateMany(
      { _id: /^recent:/ },
      { $set: { expiresAt: new Date(Date.now() - 1) } },
    )
    const again = await file('demo-villager', '本镇2026年农田水利资金使用情况')
    expect(again.status).toBe(201)
    expect(again.headers['idempotent-replayed']).toBeUndefined()
    expect(again.body.id).not.toBe(first.body.id)
    const keyedAgain = await file('demo-villager', '本镇2026年农田水利资金使用情况', 'form-0005-eeeeeeeeeeee')
    expect(keyedAgain.body.id).toBe(first.body.id)
  })

  it('compares a resend as validated: spaces around a text make no second record (tester t-dup)', async () => {
    const first = await file('demo-villager', '重复提交测试三')
    expect(first.status).toBe(201)
    const spaced = await file('demo-villager', ' 重复提交测试三  ')
    expect(spaced.status).toBe(201)
    expect(spaced.headers['idempotent-replayed']).toBe('true')
    expect(spaced.body.id).toBe(first.body.id)
    expect((await mine('demo-villager')).filter((r) => r.description === '重复提交测试三')).toHaveLength(1)
    // A key sent with the trimmed text and again with spaces is the same content, not a reused key.
    const key = 'form-0006-ffffffffffff'
    const keyed = await file('demo-villager', '重复提交测试四', key)
    const keyedSpaced = await file('demo-villager', '\u200b重复提交测试四 ', key)
    expect(keyedSpaced.status).toBe(201)
    expect(keyedSpaced.body.id).toBe(keyed.body.id)

    // Another guarded create: a consultation whose title comes again with spaces.
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const form = (title: string) => ({
      title,
      draft: '拟修缮村文化室。',
      questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
      deadline,
      unit: 'person',
    })
    const open = (title: string) =>
      request(server)
        .post(`/api/v1/villages/${V1}/consultations`)
        .set('Authorization', auth['demo-township'] ?? '')
        .send(form(title))
    const a = await open('文化室修缮征求意见')
    expect(a.status).toBe(201)
    const b = await open('  文化室修缮征求意见 ')
    expect(b.status).toBe(201)
    expect(b.body.id).toBe(a.body.id)
    expect(await t.services?.models.Consultation.countDocuments({ title: '文化室修缮征求意见' })).toBe(1)
  })

  it('ignores whitespace typed inside a text: a resend with a space added is no second record (tester ir3)', async () => {
    const first = await file('demo-villager', '重复提交测试五')
    expect(first.status).toBe(201)
    const spaced = await file('demo-villager', '重复提交 测试五')
    expect(spaced.status).toBe(201)
    expect(spaced.headers['idempotent-replayed']).toBe('true')
    expect(spaced.body.id).toBe(first.body.id)
    const wide = await file('demo-villager', '重复\u3000提交测试五\n')
    expect(wide.body.id).toBe(first.body.id)
    expect((await mine('demo-villager')).filter((r) => r.description.endsWith('测试五'))).toHaveLength(1)
    // Another guarded create, by the same one rule: a consultation whose title comes again with a space inside.
    const deadline = new Date(Date.now() + 2 * 86_400_000).toISOString()
    const open = (title: string) =>
      request(server)
        .post(`/api/v1/villages/${V1}/consultations`)
        .set('Authorization', auth['demo-township'] ?? '')
        .send({
          title,
          draft: '拟修缮村 道路。',
          questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
          deadline,
          unit: 'person',
        })
    const a = await open('晒谷场修缮征求意见')
    expect(a.status).toBe(201)
    const b = await open('晒谷场 修缮征求意见')
    expect(b.body.id).toBe(a.body.id)
    const titles = ['晒谷场修缮征求意见', '晒谷场 修缮征求意见']
    expect(await t.services?.models.Consultation.countDocuments({ title: { $in: titles } })).toBe(1)
  })

  it('files each burst of twenty identical requests or consultations once, round after round, without keys', async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    for (let round = 0; round < 5; round++) {
      const description = `本镇2026年危房改造补助名单第${round}批`
      const burst = await Promise.all(Array.from({ length: 20 }, () => file('demo-villager', description)))
      for (const r of burst) expect([201, 409]).toContain(r.status)
      const filed = (await mine('demo-villager')).filter((r) => r.description === description)
      expect(filed).toHaveLength(1)
      for (const r of burst.filter((x) => x.status === 201)) expect(r.body.id).toBe(filed[0]?.id)
    }
    for (let round = 0; round < 3; round++) {
      const title = `水塘清淤方案征求意见第${round}轮`
      const form = {
        title,
        draft: '拟于冬季清淤。',
        questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
        deadline: new Date(Date.now() + 2 * 86_400_000).toISOString(),
        unit: 'household',
      }
      const burst = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(server)
            .post(`/api/v1/villages/${V1}/consultations`)
            .set('Authorization', auth['demo-township'] ?? '')
            .send(form),
        ),
      )
      for (const r of burst) expect([201, 409]).toContain(r.status)
      expect(await models.Consultation.countDocuments({ title })).toBe(1)
    }
  }, 120_000)
})
