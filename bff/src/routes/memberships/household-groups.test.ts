import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { membershipPersonKey } from '../../models/Membership.model'
import { householdMemberships } from '../../services/household-proof.service'
import { demoHouseholds } from '../../services/seed.service'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { demoRegionOf } from '../../testing/demo'
import { signIn } from '../../testing/sign-in'

// docs/households.md, "Joining: one account per roster person": 户号 restart in each 村民小组, so the person key
// holds the group the roster's 户号 names. Two people of one name and one 户号 serial in two groups are two people.

const V1 = demoRegionOf('demo-secretary')

describe('one account per roster person, the 村民小组 counted', () => {
  let t: TestApp
  const auth: Record<string, string> = {}

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
  async function userIdOf(key: string) {
    const me = await api()
      .get('/api/v1/me')
      .set('Authorization', await as(key))
    const user = await models().User.findById(me.body.id, { _id: 1 }).lean()
    if (!user) throw new Error('no user')
    return user._id
  }
  /** Applies as `key`, then the secretary's list and approval: the roster match and the approval's answer. */
  async function join(key: string, householdNo: string, name: string) {
    const applied = await api()
      .post(`/api/v1/villages/${V1}/memberships`)
      .set('Authorization', await as(key))
      .send({ householdNo, name })
    expect(applied.status).toBe(201)
    const id = applied.body.id as string
    const secretary = await as('demo-secretary')
    const list = await api()
      .get(`/api/v1/villages/${V1}/memberships`)
      .query({ status: 'pending' })
      .set('Authorization', secretary)
    const roster = list.body.memberships.find((m: { id: string }) => m.id === id)?.roster
    const approved = await api().post(`/api/v1/memberships/${id}/approve`).set('Authorization', secretary)
    return { roster, status: approved.status, code: approved.body.error?.code, body: approved.body, id }
  }

  beforeAll(async () => {
    t = await buildTestApp()
    // Two households numbered 051, one in each of two groups, each with a 赵德明; one 052 in 三组.
    await models().Household.insertMany([
      { villageCode: V1, householdNo: '一组-051', headName: '赵德明', memberNames: ['钱慧'] },
      { villageCode: V1, householdNo: '二组-051', headName: '赵德明', memberNames: [] },
      { villageCode: V1, householdNo: '三组-052', headName: '孙丽', memberNames: [] },
    ])
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  it('should let the 赵德明 of each group join, and refuse a second account for either', async () => {
    const first = await join('group-first', '1组-051', '赵德明')
    expect(first).toMatchObject({ roster: 'match', status: 200 })
    expect(first.body.householdNo).toBe('一组-051')
    const second = await join('group-second', '第二组-051', '赵德明')
    expect(second).toMatchObject({ roster: 'match', status: 200 })
    expect(second.body.householdNo).toBe('二组-051')

    // The same person again, typed as the roster writes it or as 第一组: already a member.
    const again = await join('group-again', '第一组-051', '赵德明')
    expect(again).toMatchObject({ roster: 'already_member', status: 409, code: 'person_already_member' })
    const exact = await join('group-exact', '二组-051', '赵德明')
    expect(exact).toMatchObject({ roster: 'already_member', status: 409, code: 'person_already_member' })

    // Each holds its own household.
    for (const key of ['group-first', 'group-second']) {
      const held = await householdMemberships(models(), await userIdOf(key), V1)
      expect(held).toHaveLength(1)
    }
    const keys = await models()
      .Membership.find({ villageCode: V1, name: '赵德明', status: 'approved' }, { personKey: 1 })
      .lean()
    expect(keys.map((m) => m.personKey).sort()).toEqual([`${V1}|1|51|赵德明`, `${V1}|2|51|赵德明`])
  })

  it('should not take a person whose 户号 was written without the group both groups have', async () => {
    const unsure = await join('group-unsure', '051', '赵德明')
    expect(unsure).toMatchObject({ roster: 'group_needed', status: 422, code: 'household_group_needed' })
    expect(unsure.body.error.message).toContain('一组-051')
  })

  it('should rewrite the older key of a grouped 户号 at start-up, and keep a plain 户号 key as it was', async () => {
    const plain = demoHouseholds(V1)[5]!
    const insert = async (key: string, householdNo: string, name: string, personKey: string) => {
      const userId = await userIdOf(key)
      await models().Membership.collection.insertOne({
        userId,
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
        personKey,
      })
      return userId
    }
    // Keys as written before the group counted: the serial alone.
    const grouped = await insert('legacy-grouped', '三组-052', '孙丽', `${V1}|52|孙丽`)
    const plainKey = `${V1}|6|${plain.headName}`
    expect(
      membershipPersonKey({ villageCode: V1, householdNo: plain.householdNo, name: plain.headName }),
    ).toBe(plainKey)
    await insert('legacy-plain', plain.householdNo, plain.headName, plainKey)
    // Under the new key the older one no longer proves the household.
    expect(await householdMemberships(models(), grouped, V1)).toHaveLength(0)

    const services = t.services
    if (!services) throw new Error('no services')
    expect(await services.memberships.rekeyPersonKeys()).toBe(1)
    expect(await services.memberships.rekeyPersonKeys()).toBe(0)
    expect(await householdMemberships(models(), grouped, V1)).toHaveLength(1)
    const stored = await models().Membership.findOne({ userId: grouped, villageCode: V1 }).lean()
    expect(stored?.personKey).toBe(`${V1}|3|52|孙丽`)
    const plainStored = await models()
      .Membership.findOne({ villageCode: V1, householdNo: plain.householdNo, status: 'approved' })
      .lean()
    expect(plainStored?.personKey).toBe(plainKey)

    // The rewritten key still holds its person: a second account is refused.
    const other = await join('legacy-other', '3组-052', '孙丽')
    expect(other).toMatchObject({ roster: 'already_member', status: 409, code: 'person_already_member' })
  })
})
