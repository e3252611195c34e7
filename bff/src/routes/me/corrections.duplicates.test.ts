import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CorrectionDtoSchema } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { MAX_OPEN_CORRECTIONS } from '../../services/privacy.service'

const V1 = demoRegionOf('demo-secretary')

/** 申请更正/删除: a double tap files once, and the 10-open limit holds however many arrive at once. */
describe('correction requests: duplicate submits and the open limit', () => {
  let t: TestApp
  let villager = ''
  let secretary = ''
  beforeAll(async () => {
    t = await buildTestApp()
    villager = (await signIn(t.app, 'demo-villager')).auth
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })
  const body = (text: string) => ({ villageCode: V1, kind: 'correct', target: '低保名单里的户号', text })
  const post = (text: string, key?: string) => {
    const r = request(t.app.callback()).post('/api/v1/me/data/corrections').set('Authorization', villager)
    return (key ? r.set('Idempotency-Key', key) : r).send(body(text))
  }
  const finishAll = async () => {
    const models = t.services?.models
    if (!models) throw new Error('no services')
    for (const c of await models.CorrectionRequest.find({ status: 'open' }).lean())
      expect(
        (
          await request(t.app.callback())
            .post(`/api/v1/corrections/${c._id.toHexString()}/done`)
            .set('Authorization', secretary)
        ).status,
      ).toBe(200)
  }
  const open = () =>
    t.services?.models.CorrectionRequest.countDocuments({ status: 'open' }) ?? Promise.resolve(-1)

  it('should file a request once for each burst of identical taps, with or without a key', async () => {
    for (let round = 0; round < 6; round++) {
      await finishAll()
      const text = `户号应为 00${round}2，不是 00${round}1`
      const key = round % 2 === 0 ? `correction-key-round-${round}` : undefined
      const all = await Promise.all(Array.from({ length: 4 }, () => post(text, key)))
      for (const r of all) expect([201, 409]).toContain(r.status)
      const filed = await t.services?.models.CorrectionRequest.find({ text }).lean()
      expect(filed).toHaveLength(1)
      for (const r of all.filter((x) => x.status === 201))
        expect(CorrectionDtoSchema.parse(r.body).id).toBe(filed?.[0]?._id.toHexString())
      for (const r of all.filter((x) => x.status === 409))
        expect(r.body.error).toMatchObject({
          code: 'submission_in_progress',
          message: '上一次提交还在处理，请稍候再看',
        })
    }
    // A copy sent again with the same key after the answer gets the same request back.
    const again = await post('户号应为 0042，不是 0041', 'correction-key-round-4')
    expect(again.status).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
  }, 120_000)

  it('should keep at most 10 open when many requests are filed at once, and free a place when one is done', async () => {
    const models = t.services?.models
    const privacy = t.services?.privacy
    if (!models || !privacy) throw new Error('no services')
    const me = await request(t.app.callback()).get('/api/v1/me').set('Authorization', villager)
    const user = await models.User.findById(me.body.id).lean()
    if (!user) throw new Error('no villager')
    const actor = { userId: user._id, requestId: null }
    for (let round = 0; round < 4; round++) {
      await finishAll()
      // Straight to the service, past the person's one-at-a-time turn: the limit itself must hold.
      if (round === 3)
        for (let i = 0; i < 4; i++)
          await privacy.requestCorrection(user, body(`早先的第${i}条`) as never, actor)
      // Requests from before places existed carry none, and still count.
      if (round === 3)
        await models.CorrectionRequest.updateMany({ status: 'open' }, { $unset: { limitSlot: 1 } })
      const before = await open()
      const all = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          privacy.requestCorrection(user, body(`第${round}轮第${i}条`) as never, actor),
        ),
      )
      expect(all.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX_OPEN_CORRECTIONS - before)
      for (const r of all)
        if (r.status === 'rejected')
          expect([r.reason.status, r.reason.code]).toEqual([429, 'too_many_corrections'])
      expect(await open()).toBe(MAX_OPEN_CORRECTIONS)
      // One done gives its place back at once.
      const one = await models.CorrectionRequest.findOne({
        status: 'open',
        limitSlot: { $type: 'string' },
      }).lean()
      await request(t.app.callback())
        .post(`/api/v1/corrections/${one?._id.toHexString()}/done`)
        .set('Authorization', secretary)
      expect((await models.CorrectionRequest.findById(one?._id).lean())?.limitSlot).toBeNull()
      expect((await post(`第${round}轮补上的一条`)).status).toBe(201)
      expect((await post(`第${round}轮多出的一条`)).status).toBe(429)
    }
  }, 120_000)
})
