import { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { membershipPersonKey } from '../models/Membership.model'
import type { Models } from '../models'
import { rosterPeopleOf, rosterPersonOf } from './household-proof.service'

// The roster proof for many people at once (the secretary's list of applications) gives each what it gives alone,
// in a fixed number of reads (docs/households.md).

const VILLAGE = '360999100299'

describe('rosterPeopleOf', () => {
  let t: TestApp
  let models: Models
  const holder = new Types.ObjectId()
  const held = new Types.ObjectId()

  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
    if (!t.services) throw new Error('no services')
    models = t.services.models
    await models.Household.insertMany([
      { villageCode: VILLAGE, householdNo: '001', headName: '赵一', memberNames: ['赵二'] },
      { villageCode: VILLAGE, householdNo: '三组-009', headName: '钱三', memberNames: [] },
      { villageCode: VILLAGE, householdNo: '010', headName: '孙四', memberNames: ['孙五'] },
    ])
    // 孙四 is held by one account already.
    const person = { villageCode: VILLAGE, householdNo: '010', name: '孙四' }
    await models.Membership.create({
      _id: held,
      userId: holder,
      ...person,
      status: 'approved',
      via: 'application',
      personKey: membershipPersonKey(person),
      appliedAt: new Date(),
    })
  })
  afterAll(async () => {
    await t.close()
  })

  const people = [
    { householdNo: '001', name: '赵一' },
    { householdNo: '1', name: '赵二' },
    { householdNo: '００１', name: '赵三' },
    { householdNo: '9', name: '钱三' },
    { householdNo: '三组009', name: '钱三' },
    { householdNo: '010', name: '孙四' },
    { householdNo: '10', name: '孙五' },
    { householdNo: '777', name: '李六' },
  ].map((p) => ({ ...p, villageCode: VILLAGE }))

  it('should answer each person as the one-person check does, with the roster spelling', async () => {
    const many = await rosterPeopleOf(models, VILLAGE, people)
    expect(many.map((a) => a.match)).toEqual([
      'match',
      'match',
      'name_not_in_household',
      'match',
      'match',
      'already_member',
      'match',
      'unknown_household',
    ])
    expect(many.map((a) => a.householdNo)).toEqual([
      '001',
      '001',
      '001',
      '三组-009',
      '三组-009',
      '010',
      '010',
      '777',
    ])
    for (const [i, p] of people.entries()) expect(await rosterPersonOf(models, p)).toEqual(many[i])
  })

  it('should not count the membership being decided as another holder', async () => {
    const [self] = await rosterPeopleOf(models, VILLAGE, [
      { villageCode: VILLAGE, householdNo: '010', name: '孙四', self: held },
    ])
    expect(self?.match).toBe('match')
  })

  it('should read the database a fixed number of times however many people are asked about', async () => {
    const conn = t.db.connection
    if (!conn) throw new Error('no connection')
    const reads: string[] = []
    conn.set('debug', (collection: string, method: string) => {
      reads.push(`${collection}.${method}`)
    })
    try {
      await rosterPeopleOf(models, VILLAGE, people.slice(0, 2))
      const few = reads.length
      expect(few).toBeGreaterThan(0)
      reads.length = 0
      await rosterPeopleOf(models, VILLAGE, [...people, ...people, ...people])
      expect(reads.length).toBe(few)
      expect(reads.length).toBeLessThanOrEqual(4)
    } finally {
      conn.set('debug', false)
    }
  })
})
