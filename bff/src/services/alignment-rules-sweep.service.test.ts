import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Types } from 'mongoose'
import type { AlignmentResult } from '@cunwu/alignment'
import { ALIGNMENT_VERSION, compareTables, comparisonFingerprint } from '@cunwu/alignment'
import {
  DisclosureCreateSchema,
  GovernmentItemCreateSchema,
  findCatalogItem,
  type TableRow,
} from '@cunwu/domain'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { buildIdNumber } from '../testing/factories'
import { demoRegionOf } from '../testing/demo'
import type { Services } from '.'
import { ALIGNMENT_RULES_SWEEP } from './alignment-rules-sweep.service'
import type { Actor } from './audit.service'
import { demoHouseholds } from './seed.service'

// docs/catalog.md, "When the comparison rules change": alignments stored under older rules are recomputed by the
// upkeep's sweep, a batch at a time under one lease, keeping the township's verification where the result is the same.

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const OLD_RULES = 'cunwu-alignment/1'
const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
const actor: Actor = { userId: null, requestId: 'alignment-rules-sweep.service.test' }
const table = findCatalogItem(ITEM)?.table
if (!table) throw new Error(`${ITEM} has no table`)

function subsidyRows(count = 3): TableRow[] {
  return demoHouseholds(V1)
    .slice(0, count)
    .map((h, i) => ({
      name: h.headName,
      area_mu: 4 + i,
      amount: (4 + i) * 12_500,
      household_no: h.householdNo,
      id_number: buildIdNumber(`1960-0${1 + i}-1${i}`, i + 1),
    }))
}

describe('the sweep recomputing alignments stored under older comparison rules', () => {
  let t: TestApp
  let s: Services
  const users = new Map<string, User>()
  let period = 2050

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    s = t.services
    for (const key of ['demo-county', 'demo-township', 'demo-secretary']) {
      const u = await s.models.User.findOne({ demoUserKey: key }).lean()
      if (!u) throw new Error(`no ${key}`)
      users.set(key, u)
    }
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })
  beforeEach(async () => {
    vi.restoreAllMocks()
    // The walk of the older version had ended: the version changed, so it starts again from the beginning.
    await s.models.JobLease.deleteOne({ _id: ALIGNMENT_RULES_SWEEP })
    await s.models.JobLease.create({
      _id: ALIGNMENT_RULES_SWEEP,
      owner: null,
      leaseUntil: new Date(0),
      progress: { version: OLD_RULES, after: null, done: true },
    })
  })

  const user = (key: string): User => {
    const u = users.get(key)
    if (!u) throw new Error(`no ${key}`)
    return u
  }

  async function publishGovernment(p: string, rows: TableRow[]) {
    const req = GovernmentItemCreateSchema.parse({
      catalogItemId: ITEM,
      period: p,
      title: '耕地地力保护补贴发放名册',
    })
    const g = await s.governmentItems.create(COUNTY, req, user('demo-county'), actor)
    const id = g._id.toHexString()
    await s.governmentItems.replaceRows(
      id,
      rows,
      rows.map(() => V1),
      actor,
      {},
    )
    return s.governmentItems.publish(id, user('demo-county'), actor)
  }

  async function publishVillage(p: string, rows: TableRow[]) {
    const req = DisclosureCreateSchema.parse({
      catalogItemId: ITEM,
      period: p,
      title: '耕地地力保护补贴公示',
      rows,
    })
    const d = await s.disclosures.create(V1, req, user('demo-secretary'), actor)
    const id = d._id.toHexString()
    await s.disclosures.submit(id, actor)
    return s.disclosures.review(id, { decision: 'approve' }, user('demo-township'), actor)
  }

  const alignmentOf = (p: string) => s.models.Alignment.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()

  /**
   * Writes the alignment of period `p` as the older rules stored it: `old` the result they gave, its fingerprint
   * under their version, confirmed (or resolved) by the township.
   */
  async function storedUnderOldRules(p: string, old: AlignmentResult): Promise<Types.ObjectId> {
    const township = user('demo-township')
    const a = await s.models.Alignment.findOneAndUpdate(
      { key: `${V1}|${ITEM}|${p}` },
      {
        $set: {
          alignmentVersion: OLD_RULES,
          fingerprint: comparisonFingerprint(old, OLD_RULES),
          result: old,
          status: old.status,
          discrepancyCount: old.discrepancies.length,
          verification: {
            userId: township._id,
            name: township.displayName,
            at: new Date(),
            text: '已与县里名册逐户核对',
            level: 'township',
            action: old.status === 'consistent' ? 'confirmed' : 'resolved',
          },
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!a) throw new Error(`no alignment for ${p}`)
    await s.compliance.sync(V1, findCatalogItem(ITEM)!, p)
    return a._id
  }

  it('should keep the verification of an alignment whose result the new rules give again', async () => {
    const p = String(period++)
    await publishGovernment(p, subsidyRows())
    await publishVillage(p, subsidyRows())
    const computed = await alignmentOf(p)
    if (!computed?.result) throw new Error('no comparison')
    await storedUnderOldRules(p, computed.result)
    const told = vi.spyOn(s.notifications, 'publishEvent')

    const pass = await s.alignmentRulesSweep.run({ pauseMs: 0 })
    expect(pass).toMatchObject({ done: true, busy: false })
    const after = await alignmentOf(p)
    expect(after).toMatchObject({
      alignmentVersion: ALIGNMENT_VERSION,
      status: 'consistent',
      fingerprint: comparisonFingerprint(computed.result),
      verification: { action: 'confirmed', text: '已与县里名册逐户核对' },
    })
    expect(told).not.toHaveBeenCalled()
    const line = await s.models.ComplianceRow.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
    expect(line?.alignmentStatus).toBe('verified')
  })

  it('should drop the verification and tell the village where the new rules give another result', async () => {
    const p = String(period++)
    // The same 户号 serial and name in two 村民小组: the older rules paired the rows, the current ones do not.
    const head = demoHouseholds(V1)[0]!.headName
    const row = { name: head, area_mu: 4, amount: 50_000 }
    const village = [{ ...row, household_no: '一组-001' }]
    const government = [{ ...row, household_no: '二组-001' }]
    await publishGovernment(p, government)
    await publishVillage(p, village)
    // What the older rules gave: the rows paired by 户号 and name, nothing differs.
    const old = compareTables({ schema: table, village, government: village })
    expect(old.status).toBe('consistent')
    const id = await storedUnderOldRules(p, old)
    const told = vi.spyOn(s.notifications, 'publishEvent')

    await s.alignmentRulesSweep.run({ pauseMs: 0 })
    const after = await alignmentOf(p)
    expect(after).toMatchObject({
      alignmentVersion: ALIGNMENT_VERSION,
      status: 'inconsistent',
      verification: null,
    })
    expect(after?.result?.discrepancies.map((d) => d.kind).sort()).toEqual([
      'only_in_government',
      'only_in_village',
    ])
    expect(told).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'alignment.discrepancy', alignmentId: id.toHexString() }),
    )
    const line = await s.models.ComplianceRow.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
    expect(line?.alignmentStatus).toBe('inconsistent')
  })

  it('should visit each stale alignment once, under one lease, and then stop', async () => {
    const stale: string[] = []
    for (let i = 0; i < 3; i++) {
      const p = String(period++)
      await publishGovernment(p, subsidyRows(2))
      await publishVillage(p, subsidyRows(2))
      const a = await alignmentOf(p)
      if (!a?.result) throw new Error('no comparison')
      await storedUnderOldRules(p, a.result)
      stale.push(p)
    }
    // An alignment of an item no longer in the catalog: recompute leaves it as it is, the walk still passes it.
    const template = await alignmentOf(stale[0]!)
    const { _id: _ignored, ...fields } = template!
    await s.models.Alignment.collection.insertOne({
      ...fields,
      key: `${V1}|retired.item|2050`,
      catalogItemId: 'retired.item',
      period: '2050',
      alignmentVersion: OLD_RULES,
    })
    const recompute = vi.spyOn(s.alignments, 'recompute')

    // Two instances at once, a batch of one and a pause between batches: one holds the lease, the other is refused.
    const passes = await Promise.all([
      s.alignmentRulesSweep.run({ batchSize: 1, pauseMs: 20 }),
      s.alignmentRulesSweep.run({ batchSize: 1, pauseMs: 20 }),
    ])
    expect(passes.filter((r) => r.busy)).toHaveLength(1)
    expect(passes.find((r) => !r.busy)).toMatchObject({ recomputed: 4, done: true })
    const periods = recompute.mock.calls.map(([, item, p]) => `${item}|${p}`).sort()
    expect(periods).toEqual([...stale.map((p) => `${ITEM}|${p}`), 'retired.item|2050'].sort())
    for (const p of stale) expect((await alignmentOf(p))?.alignmentVersion).toBe(ALIGNMENT_VERSION)

    // Done: the next passes recompute nothing (the retired item's alignment stays as it was).
    recompute.mockClear()
    expect(await s.alignmentRulesSweep.run({ pauseMs: 0 })).toEqual({
      recomputed: 0,
      done: true,
      busy: false,
    })
    expect(recompute).not.toHaveBeenCalled()
    const lease = await s.models.JobLease.findById(ALIGNMENT_RULES_SWEEP).lean()
    expect(lease).toMatchObject({ owner: null, progress: { version: ALIGNMENT_VERSION, done: true } })
    await s.models.Alignment.deleteOne({ key: `${V1}|retired.item|2050` })
  })

  it('should let a pass stop after its time and the next continue from where it stopped', async () => {
    for (let i = 0; i < 2; i++) {
      const p = String(period++)
      await publishGovernment(p, subsidyRows(1))
      await publishVillage(p, subsidyRows(1))
      const a = await alignmentOf(p)
      if (!a?.result) throw new Error('no comparison')
      await storedUnderOldRules(p, a.result)
    }
    const first = await s.alignmentRulesSweep.run({ batchSize: 1, pauseMs: 0, passMs: 0 })
    expect(first).toEqual({ recomputed: 0, done: false, busy: false })
    const second = await s.alignmentRulesSweep.run({ batchSize: 1, pauseMs: 0, passMs: 1 })
    expect(second.recomputed).toBeGreaterThanOrEqual(1)
    const rest = await s.alignmentRulesSweep.run({ pauseMs: 0 })
    expect(second.recomputed + rest.recomputed).toBe(2)
    expect(rest.done).toBe(true)
  })
})
