import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DecisionDtoSchema } from '@cunwu/domain'
import type { DecisionDto } from '@cunwu/domain'
import { buildPayTestApp, dueDateAhead } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { PASSING_STEPS, votes } from '../../testing/decisions'
import { seenRevision } from '../../testing/publish'

const V1 = demoRegionOf('demo-secretary')
const firstThree = PASSING_STEPS.slice(0, 3)
const resolution = PASSING_STEPS[3]
const charge = {
  title: '村道筹资',
  unit: 'household',
  unitAmountFen: 3000,
  category: '一事一议筹资',
  payers: [{ householdNo: '001' }],
  dueDate: dueDateAhead(),
}

/** A charge resting on a decision (docs/decisions.md, Money): its basis link and the decisions it may name. */
describe('charges naming a decision', () => {
  let t: PayTestApp
  let secretary = ''
  let township = ''
  beforeAll(async () => {
    t = await buildPayTestApp()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
    township = (await signIn(t.app, 'demo-township')).auth
  })
  afterAll(async () => {
    await t.close()
  })
  const post = (url: string, who: string, body: object) =>
    request(t.app.callback()).post(url).set('Authorization', who).send(body)

  async function decide(title: string, last: object): Promise<DecisionDto> {
    const opened = await post(`/api/v1/villages/${V1}/decisions`, secretary, { title, kind: 'fundraising' })
    expect(opened.status).toBe(201)
    const id = DecisionDtoSchema.parse(opened.body).id
    let res: request.Response | undefined
    for (const s of [...firstThree, last]) {
      res = await post(`/api/v1/decisions/${id}/steps`, secretary, s)
      expect(res.status).toBe(201)
    }
    return DecisionDtoSchema.parse(res?.body)
  }
  async function published(d: DecisionDto): Promise<string> {
    const id = d.resolutionDisclosure?.id ?? ''
    expect(
      (
        await post(`/api/v1/disclosures/${id}/review`, township, {
          decision: 'approve',
          revision: await seenRevision(t.app.callback(), id, township),
        })
      ).status,
    ).toBe(200)
    return id
  }

  it("should refuse a basis disclosure that is another decision's 决议公开, and take the decision's own", async () => {
    const road = await decide('村道硬化一事一议筹资', resolution)
    const other = await decide('集体鱼塘发包', resolution)
    const roadResolution = await published(road)
    const otherResolution = await published(other)
    const mismatch = await post(`/api/v1/villages/${V1}/charges`, secretary, {
      ...charge,
      decisionId: road.id,
      basis: { text: '村民代表会议决议', disclosureId: otherResolution },
    })
    expect(mismatch.status).toBe(422)
    expect(mismatch.body.error.message).toMatch(/不是所选议事事项的决议公开/)
    expect(await t.services?.models.Charge.countDocuments({ title: charge.title })).toBe(0)
    const own = await post(`/api/v1/villages/${V1}/charges`, secretary, {
      ...charge,
      decisionId: road.id,
      basis: { text: '村民代表会议决议', disclosureId: roadResolution },
    })
    expect(own.status).toBe(201)
  })

  it('should say a failed or inquorate decision did not pass, not that it has yet to', async () => {
    const failed = await decide('村部翻修筹资', { ...resolution, votes: votes(5, 10, 6) })
    const inquorate = await decide('村口路灯筹资', { ...resolution, present: 10, votes: votes(10) })
    expect([failed.status, inquorate.status]).toEqual(['failed', 'no_quorum'])
    for (const d of [failed, inquorate]) {
      const res = await post(`/api/v1/villages/${V1}/charges`, secretary, {
        ...charge,
        decisionId: d.id,
        basis: { text: '村民代表会议决议' },
      })
      expect(res.status).toBe(422)
      expect(res.body.error.code).toBe('decision_not_passed')
      expect(res.body.error.message).toMatch(/没有通过/)
      expect(res.body.error.message).not.toMatch(/尚未/)
    }
  })
})
