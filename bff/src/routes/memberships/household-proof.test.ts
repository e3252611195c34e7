import request from 'supertest'
import type { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableRow } from '@cunwu/domain'
import { membershipPersonKey } from '../../models/Membership.model'
import { grantVillagerRole } from '../../services/memberships.service'
import { demoHouseholds } from '../../services/seed.service'
import { buildDibaoRows, dibaoItem } from '../../testing/factories'
import { buildPayTestApp, dueDateAhead } from '../../testing/pay'
import type { PayTestApp } from '../../testing/pay'
import { signIn } from '../../testing/sign-in'
import { demoRegionOf } from '../../testing/demo'
import { seenRevision } from '../../testing/publish'

// docs/households.md: a household sees only what the roster proves its own. A membership gives its household (与我相关
// rows, charges, answering as the person) only when the roster names the person in that household and no other
// account holds the same person; an application or invite that fails either cannot be approved.

const V1 = demoRegionOf('demo-secretary')
const roster = demoHouseholds(V1)
function household(k: number) {
  const h = roster[k]
  if (!h) throw new Error('no such household')
  return h
}
/** The demo villager's household and person (王建国, 001). */
const own = household(0)

describe('households proved by the roster (户号 and name), one account per person', () => {
  let t: PayTestApp
  const auth: Record<string, string> = {}
  let disclosureId = ''
  let chargeId = ''
  let consultationId = ''

  function api() {
    return request(t.app.callback())
  }
  function models() {
    const m = t.services?.models
    if (!m) throw new Error('test app without services')
    return m
  }
  async function as(key: string): Promise<string> {
    auth[key] ??= (await signIn(t.app, key)).auth
    return auth[key]
  }
  async function apply(key: string, householdNo: string, name: string): Promise<string> {
    const res = await api()
      .post(`/api/v1/villages/${V1}/memberships`)
      .set('Authorization', await as(key))
      .send({ householdNo, name })
    expect(res.status).toBe(201)
    return res.body.id as string
  }
  async function approve(id: string) {
    return api()
      .post(`/api/v1/memberships/${id}/approve`)
      .set('Authorization', await as('demo-secretary'))
  }
  async function rosterOf(id: string, status = 'pending'): Promise<string | undefined> {
    const res = await api()
      .get(`/api/v1/villages/${V1}/memberships`)
      .query({ status })
      .set('Authorization', await as('demo-secretary'))
    expect(res.status).toBe(200)
    return res.body.memberships.find((m: { id: string }) => m.id === id)?.roster
  }
  /** What an account sees of the demo household: its 与我相关 item, its charge, its consultation answer. */
  async function household001(key: string) {
    const who = await as(key)
    const related = await api().get('/api/v1/me/related').set('Authorization', who)
    expect(related.status).toBe(200)
    const charges = await api().get('/api/v1/me/charges').set('Authorization', who)
    expect(charges.status).toBe(200)
    const pay = await api()
      .post(`/api/v1/charges/${chargeId}/pay`)
      .set('Authorization', who)
      .send({ householdNo: own.householdNo })
    const mine = await api().get(`/api/v1/consultations/${consultationId}/mine`).set('Authorization', who)
    return {
      related: related.body.disclosures.some((d: { id: string }) => d.id === disclosureId),
      charge: charges.body.charges.some((c: { chargeId: string }) => c.chargeId === chargeId),
      pay: pay.status === 403 ? pay.body.error.code : pay.status,
      entitlements: mine.status === 200 ? mine.body.entitlements.length : mine.status,
    }
  }
  /** A signed-in account made a villager by a membership written as one from before the check (no person key). */
  async function legacyMember(key: string, householdNo: string, name: string) {
    const me = await api()
      .get('/api/v1/me')
      .set('Authorization', await as(key))
    const user = await models().User.findById(me.body.id, { _id: 1 }).lean()
    if (!user) throw new Error('no user')
    await models().Membership.collection.insertOne({
      userId: user._id,
      villageCode: V1,
      name,
      householdNo,
      status: 'approved',
      via: 'application',
      appliedAt: new Date(),
      decidedAt: new Date(),
      decidedBy: null,
      reason: null,
      endedAt: null,
      endedBy: null,
      endKind: null,
    })
    await grantVillagerRole(models(), user._id, V1, null)
    return user._id
  }

  beforeAll(async () => {
    t = await buildPayTestApp()
    const secretary = await as('demo-secretary')
    // A published list with a row of the demo household, a charge to it and an open secret person-by-person ballot.
    const [base] = buildDibaoRows(V1, 1)
    const rows: TableRow[] = [{ ...base, name: own.headName, household_no: own.householdNo }]
    const created = await api()
      .post(`/api/v1/villages/${V1}/disclosures`)
      .set('Authorization', secretary)
      .send({ catalogItemId: dibaoItem().id, period: '2025-03', title: '2025-03 公示', rows })
    expect(created.status).toBe(201)
    disclosureId = created.body.id
    expect(
      (
        await api()
          .post(`/api/v1/disclosures/${disclosureId}/submit`)
          .set('Authorization', secretary)
          .send({})
      ).status,
    ).toBe(200)
    expect(
      (
        await api()
          .post(`/api/v1/disclosures/${disclosureId}/review`)
          .set('Authorization', await as('demo-township'))
          .send({
            decision: 'approve',
            revision: await seenRevision(t.app.callback(), disclosureId, await as('demo-township')),
          })
      ).status,
    ).toBe(200)
    const charge = await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', secretary)
      .send({
        title: '卫生费',
        unit: 'household',
        unitAmountFen: 800,
        category: '卫生费',
        payers: [{ householdNo: own.householdNo }, { householdNo: household(9).householdNo }],
        dueDate: dueDateAhead(),
        basis: { text: '村民会议决议' },
      })
    expect(charge.status).toBe(201)
    chargeId = charge.body.id
    const now = new Date(String((await api().get('/api/v1/dev/clock')).body.now))
    const deadline = new Date(now.getTime() + 3 * 86_400_000).toISOString()
    const consultation = await api()
      .post(`/api/v1/villages/${V1}/consultations`)
      .set('Authorization', secretary)
      .send({
        title: '村道硬化征求意见',
        draft: '拟硬化村东主路。',
        questions: [{ kind: 'single', text: '是否同意？', options: ['同意', '不同意'] }],
        deadline,
        unit: 'person',
        ballot: 'secret',
      })
    expect(consultation.status).toBe(201)
    consultationId = consultation.body.id
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should show the real member their household, to compare with what others get below', async () => {
    expect(await household001('demo-villager')).toMatchObject({
      related: true,
      charge: true,
      entitlements: 1,
    })
  })

  it('should flag an application for a person another account holds, and refuse to approve it until that membership ends', async () => {
    const id = await apply('hp-impostor', own.householdNo, own.headName)
    expect(await rosterOf(id)).toBe('already_member')
    const refused = await approve(id)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('person_already_member')
    expect(refused.body.error.message).toContain('另一个微信号')
    expect(await household001('hp-impostor')).toMatchObject({
      related: false,
      charge: false,
      // Not a member: the consultation is not theirs to see (404 outside one's regions).
      entitlements: 404,
    })

    // The same person on a new phone: the secretary ends the old membership first, then approves.
    const h = household(12)
    const oldPhone = await apply('hp-old-phone', h.householdNo, h.headName)
    expect((await approve(oldPhone)).status).toBe(200)
    const newPhone = await apply('hp-new-phone', h.householdNo, h.headName)
    expect((await approve(newPhone)).status).toBe(409)
    const ended = await api()
      .post(`/api/v1/memberships/${oldPhone}/end`)
      .set('Authorization', await as('demo-secretary'))
      .send({ kind: 'other', reason: '本人换了微信号' })
    expect(ended.status).toBe(200)
    expect(await rosterOf(newPhone)).toBe('match')
    expect((await approve(newPhone)).status).toBe(200)
  })

  it('should let only one of two approvals of the same person at once pass', async () => {
    const h = household(13)
    const a = await apply('hp-race-a', h.householdNo, h.headName)
    const b = await apply('hp-race-b', h.householdNo, h.headName)
    const answers = await Promise.all([approve(a), approve(b)])
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409])
    expect(
      await models().Membership.countDocuments({
        villageCode: V1,
        householdNo: h.householdNo,
        name: h.headName,
        status: 'approved',
      }),
    ).toBe(1)
  })

  it('should refuse to approve a name that is not in the household', async () => {
    const id = await apply('hp-stranger', own.householdNo, '张三丰')
    expect(await rosterOf(id)).toBe('name_not_in_household')
    const refused = await approve(id)
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('name_not_in_household')
    expect(await household001('hp-stranger')).toMatchObject({
      related: false,
      charge: false,
      // Not a member: the consultation is not theirs to see (404 outside one's regions).
      entitlements: 404,
    })
  })

  it('should make invites only for a person on the roster whom no other account holds, and check again on use', async () => {
    const secretary = await as('demo-secretary')
    const invite = (householdNo: string, name: string) =>
      api().post(`/api/v1/villages/${V1}/invites`).set('Authorization', secretary).send({ householdNo, name })
    const unknownName = await invite(own.householdNo, '不存在的人')
    expect([unknownName.status, unknownName.body.error.code]).toEqual([422, 'name_not_in_household'])
    const held = await invite(own.householdNo, own.headName)
    expect([held.status, held.body.error.code]).toEqual([409, 'person_already_member'])

    // Someone joins as the invited person before the code is scanned: the code refuses and stays unused.
    const h = household(14)
    const made = await invite(h.householdNo, h.headName)
    expect(made.status).toBe(201)
    expect((await approve(await apply('hp-first', h.householdNo, h.headName))).status).toBe(200)
    const late = await api()
      .post(`/api/v1/invites/${made.body.scene}/accept`)
      .set('Authorization', await as('hp-late'))
    expect([late.status, late.body.error.code]).toEqual([409, 'person_already_member'])
    expect((await models().Invite.findById(made.body.scene).lean())?.usedBy).toBeNull()
  })

  it('should find the household by the normalised 户号 (no leading zeros, full-width digits) and keep the roster spelling', async () => {
    // docs/households.md, "Normalisation": "9", "009" and "００９" name the same household.
    const h = household(16)
    const typed = String(Number(h.householdNo)).replace(/[0-9]/g, (d) =>
      String.fromCharCode(0xff10 + Number(d)),
    )
    expect(typed).not.toBe(h.householdNo)
    const id = await apply('hp-fullwidth', typed, h.headName)
    expect(await rosterOf(id)).toBe('match')
    expect((await approve(id)).status).toBe(200)
    const m = await models().Membership.findById(id).lean()
    expect(m?.householdNo).toBe(h.householdNo)
    expect(m?.personKey).toBe(
      membershipPersonKey({ villageCode: V1, householdNo: h.householdNo, name: h.headName }),
    )
    // The membership gives the household: the person answers the ballot as themselves.
    const mine = await api()
      .get(`/api/v1/consultations/${consultationId}/mine`)
      .set('Authorization', await as('hp-fullwidth'))
    expect(mine.body.entitlements).toHaveLength(1)
    // Another account typing the roster spelling is the same person.
    expect(await rosterOf(await apply('hp-fullwidth-2', h.householdNo, h.headName))).toBe('already_member')

    // An invite for "18" is the roster's 018, and its member holds that household.
    const k = household(17)
    const invite = await api()
      .post(`/api/v1/villages/${V1}/invites`)
      .set('Authorization', await as('demo-secretary'))
      .send({ householdNo: String(Number(k.householdNo)), name: k.headName })
    expect(invite.status).toBe(201)
    expect(invite.body.householdNo).toBe(k.householdNo)
    const accepted = await api()
      .post(`/api/v1/invites/${invite.body.scene}/accept`)
      .set('Authorization', await as('hp-invited-short'))
    expect(accepted.status).toBe(200)
    const held = await models()
      .Membership.findOne({ villageCode: V1, name: k.headName, status: 'approved' })
      .lean()
    expect(held?.householdNo).toBe(k.householdNo)
  })

  it('should give memberships from before the check a household only when the roster proves them, one account per person', async () => {
    // Written as the probe found them: a second account approved as 王建国, another as a name not in 001.
    const impostor = await legacyMember('hp-legacy-impostor', own.householdNo, own.headName)
    const stranger = await legacyMember('hp-legacy-stranger', own.householdNo, '张三丰')
    const h = household(9)
    const genuine = await legacyMember('hp-legacy-genuine', h.householdNo, h.headName)
    // Even before the start-up step runs, none of them is given a household by its 户号.
    expect(await household001('hp-legacy-impostor')).toMatchObject({ related: false, charge: false })
    expect(await household001('hp-legacy-stranger')).toMatchObject({ related: false, charge: false })

    expect(await t.services?.memberships.migratePersonKeys()).toBe(1)
    const keyOf = async (userId: Types.ObjectId) =>
      (await models().Membership.findOne({ userId, villageCode: V1 }).lean())?.personKey
    expect(await keyOf(impostor)).toBeNull()
    expect(await keyOf(stranger)).toBeNull()
    expect(await keyOf(genuine)).toBe(membershipPersonKey({ ...h, name: h.headName }))
    expect(await t.services?.memberships.migratePersonKeys()).toBe(0)

    expect(await household001('hp-legacy-impostor')).toEqual({
      related: false,
      charge: false,
      pay: 'not_a_payer',
      entitlements: 0,
    })
    expect(await household001('hp-legacy-stranger')).toMatchObject({
      related: false,
      charge: false,
      entitlements: 0,
    })
    // The genuine one keeps their household: their charge is listed.
    const charges = await api()
      .get('/api/v1/me/charges')
      .set('Authorization', await as('hp-legacy-genuine'))
    expect(JSON.stringify(charges.body)).toContain(chargeId)
    // The real 王建国 still answers for himself alone.
    expect(await household001('demo-villager')).toMatchObject({
      related: true,
      charge: true,
      entitlements: 1,
    })
  })

  it('should take the household away when the roster no longer names the member', async () => {
    const h = household(15)
    const spouse = h.memberNames[0] ?? ''
    expect((await approve(await apply('hp-spouse', h.householdNo, spouse))).status).toBe(200)
    const listed = async () =>
      (
        await api()
          .get('/api/v1/me/charges')
          .set('Authorization', await as('hp-spouse'))
      ).body.charges.length
    await api()
      .post(`/api/v1/villages/${V1}/charges`)
      .set('Authorization', await as('demo-secretary'))
      .send({
        title: '水费',
        unit: 'household',
        unitAmountFen: 500,
        category: '水费',
        payers: [{ householdNo: h.householdNo }],
        dueDate: dueDateAhead(),
        basis: { text: '村民会议决议' },
      })
    expect(await listed()).toBe(1)
    await models().Household.updateOne(
      { villageCode: V1, householdNo: h.householdNo },
      { $pull: { memberNames: spouse } },
    )
    expect(await listed()).toBe(0)
  })
})
