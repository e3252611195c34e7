import request from 'supertest'
import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CrossCheckListDtoSchema } from '@cunwu/domain'
import type { CrossCheckFindingDto } from '@cunwu/domain'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { dibaoItem } from '../../testing/factories'
import { demoRegionOf } from '../../testing/demo'
import type { Services } from '../../services'

const V1 = demoRegionOf('demo-secretary')
const TOWNSHIP = demoRegionOf('demo-township')
const COUNTY = demoRegionOf('demo-county')
const PERIOD = '2027-03'
const ROUNDS = 10

type Act = { who: string; action: 'confirm' | 'resolve'; text: string }

/**
 * Two officers acting on one cross-village finding they both loaded (outside tester, fired with Promise.all):
 * exactly one is saved, audited and (a confirmation) told to the village's secretary; the other is answered 409
 * `cross_check_stale` in plain words and nothing of theirs is written or sent (docs/cross-checks.md, 'Visibility
 * and workflow').
 */
describe('cross-check findings acted on by two officers at once', () => {
  let t: TestApp
  let services: Services
  let server: ReturnType<TestApp['app']['callback']>
  const auth: Record<string, string> = {}
  const as = (key: string) => auth[key] ?? ''

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no services')
    services = t.services
    server = t.app.callback()
    for (const key of ['demo-township', 'demo-county']) auth[key] = (await signIn(t.app, key)).auth
  }, 180_000)
  afterAll(async () => {
    await t.close()
  })

  /** An open finding of the first village (its township may confirm and resolve it), as a run writes it. */
  async function openFinding(round: number): Promise<string> {
    const now = new Date()
    const f = await services.models.CrossCheckFinding.create({
      key: `race|above_standard|${round}|${new Types.ObjectId().toHexString()}`,
      countyCode: COUNTY,
      kind: 'above_standard',
      catalogItemId: dibaoItem().id,
      period: PERIOD,
      subject: `subject-${round}`,
      villageCodes: [V1],
      townshipCodes: [TOWNSHIP],
      rows: [
        {
          disclosureId: new Types.ObjectId(),
          villageCode: V1,
          catalogItemId: dibaoItem().id,
          rowIndex: round,
        },
      ],
      explanation: `第${round + 1}户保障金额超过低保标准`,
      status: 'open',
      firstSeenAt: now,
      lastSeenAt: now,
      revision: 1,
    })
    return f._id.toHexString()
  }

  /** The finding as the officer's page loaded it (the list the 跨村核查 page reads). */
  async function loaded(who: string, id: string): Promise<CrossCheckFindingDto> {
    const list = await request(server)
      .get(`/api/v1/regions/${TOWNSHIP}/cross-checks?period=${PERIOD}&limit=500`)
      .set('Authorization', as(who))
    expect(list.status).toBe(200)
    const found = CrossCheckListDtoSchema.parse(list.body).findings.find((f) => f.id === id)
    if (!found) throw new Error('finding not listed')
    return found
  }

  const act = (id: string, a: Act, seen: CrossCheckFindingDto) =>
    request(server)
      .post(`/api/v1/cross-checks/${id}/${a.action}`)
      .set('Authorization', as(a.who))
      .send({
        ...(a.action === 'confirm' ? { comment: a.text } : { reason: a.text }),
        revision: seen.revision,
      })

  async function outcome(id: string) {
    const finding = await services.models.CrossCheckFinding.findById(id).lean()
    const audits = await services.models.AuditEvent.find({
      action: { $in: ['cross_check.confirm', 'cross_check.resolve'] },
      targetId: id,
    }).lean()
    const notices = await services.models.InboxEntry.countDocuments({
      eventId: { $regex: `^cross_check\\.confirmed:${id}:` },
    })
    return { finding, audits, notices }
  }

  function expectLoserRefused(r: request.Response) {
    expect(r.status, JSON.stringify(r.body)).toBe(409)
    expect(r.body.error).toMatchObject({
      code: 'cross_check_stale',
      message: '这条核查结果刚刚有人处理过或已重新核查，请刷新后再看',
    })
  }

  const pairs: [Act, Act][] = [
    [
      { who: 'demo-township', action: 'confirm', text: '甲：确有超发，请村里更正' },
      { who: 'demo-county', action: 'resolve', text: '乙：系补发上月，不是问题' },
    ],
    [
      { who: 'demo-township', action: 'resolve', text: '甲：家庭人数已变更，不是问题' },
      { who: 'demo-county', action: 'resolve', text: '乙：系补发上月，不是问题' },
    ],
    [
      { who: 'demo-township', action: 'confirm', text: '甲：确有超发，请村里更正' },
      { who: 'demo-county', action: 'confirm', text: '乙：请核实后更正' },
    ],
  ]

  it('should save exactly one of two actions sent at once, round after round', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const pair = pairs[round % pairs.length] ?? pairs[0]
      if (!pair) throw new Error('no pair')
      const id = await openFinding(round)
      const seen = await Promise.all(pair.map((a) => loaded(a.who, id)))
      const answers = await Promise.all(pair.map((a, i) => act(id, a, seen[i] as CrossCheckFindingDto)))
      expect(answers.map((r) => r.status).sort(), JSON.stringify(answers.map((r) => r.body))).toEqual([
        200, 409,
      ])
      const won = answers.findIndex((r) => r.status === 200)
      const winner = pair[won] as Act
      const loser = pair[1 - won] as Act
      expectLoserRefused(answers[1 - won] as request.Response)

      const { finding, audits, notices } = await outcome(id)
      expect(finding?.status).toBe(winner.action === 'confirm' ? 'confirmed' : 'resolved')
      expect(finding?.revision).toBe(2)
      const step = winner.action === 'confirm' ? finding?.confirmation : finding?.resolution
      expect(step?.text).toBe(winner.text)
      expect(JSON.stringify(finding)).not.toContain(loser.text)
      expect(audits).toHaveLength(1)
      expect(audits[0]?.action).toBe(`cross_check.${winner.action}`)
      // The village's secretary is told once, and only when the confirmation won.
      expect(notices).toBe(winner.action === 'confirm' ? 1 : 0)
    }
  }, 240_000)

  it('should refuse an action on a finding another officer handled after the page loaded', async () => {
    const id = await openFinding(ROUNDS)
    const countySaw = await loaded('demo-county', id)
    const townshipSaw = await loaded('demo-township', id)
    const first: Act = { who: 'demo-township', action: 'confirm', text: '甲：确有超发，请村里更正' }
    expect((await act(id, first, townshipSaw)).status).toBe(200)
    const late = await act(id, { who: 'demo-county', action: 'resolve', text: '乙：不是问题' }, countySaw)
    expectLoserRefused(late)
    const { finding, audits, notices } = await outcome(id)
    expect(finding?.status).toBe('confirmed')
    expect(finding?.resolution).toBeNull()
    expect(audits).toHaveLength(1)
    expect(notices).toBe(1)
    // Reloaded, the county sees the confirmation and may still explain it (resolve with the new revision).
    const reloaded = await loaded('demo-county', id)
    expect(reloaded.status).toBe('confirmed')
    const resolved = await act(id, { who: 'demo-county', action: 'resolve', text: '乙：不是问题' }, reloaded)
    expect(resolved.status).toBe(200)
  }, 60_000)

  it('should refuse a request without the revision the page loaded, in words an officer can act on', async () => {
    const id = await openFinding(ROUNDS + 1)
    const r = await request(server)
      .post(`/api/v1/cross-checks/${id}/confirm`)
      .set('Authorization', as('demo-township'))
      .send({ comment: '确有超发' })
    expect(r.status).toBe(400)
    expect(r.body.error.code).toBe('validation_error')
    expect(r.body.error.details['body.revision']).toBe(
      '页面版本过旧，请关闭后重新打开小程序（或刷新网页）再处理',
    )
    expect((await outcome(id)).audits).toHaveLength(0)
  }, 60_000)
})
