import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { badgeOf, DisclosureCreateSchema, ErrorCode, GovernmentItemCreateSchema } from '@cunwu/domain'
import type { AlignmentVerifyReq, TableRow } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Alignment } from '../models/Alignment.model'
import type { User } from '../models/User.model'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import { buildIdNumber } from '../testing/factories'
import type { Services } from '.'
import type { Actor } from './audit.service'
import { demoHouseholds } from './seed.service'
import { demoRegionOf } from '../testing/demo'

// The alignment and verification rules called directly (no HTTP): alignments, alignment verifications and the
// compliance lines they keep, against the embedded test database.

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const V1 = demoRegionOf('demo-secretary')
const COUNTY = demoRegionOf('demo-county')
const actor: Actor = { userId: null, requestId: 'alignments.service.test' }

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

/** The AppError code a promise rejects with. */
async function errorCodeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (err) {
    if (err instanceof AppError) return err.code
    throw err
  }
  throw new Error('expected a rejection')
}

describe('alignments and alignment verifications services', () => {
  let t: TestApp
  let s: Services
  const users = new Map<string, User>()
  let period = 2040

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

  const user = (key: string): User => {
    const u = users.get(key)
    if (!u) throw new Error(`no ${key}`)
    return u
  }

  /** The county publishes a roster of V1's rows for the period. */
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

  /** V1 publishes its list for the period (drafted, submitted, approved by the township). */
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

  async function alignmentOf(p: string): Promise<Alignment | null> {
    return s.models.Alignment.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
  }

  it('should say which side is missing, then compare once both published, keeping the compliance line in step', async () => {
    const p = String(period++)
    await publishGovernment(p, subsidyRows())
    expect((await alignmentOf(p))?.status).toBe('village_missing')
    const line = await s.models.ComplianceRow.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
    expect(line?.alignmentStatus).toBe('village_missing')

    const wrong = subsidyRows()
    wrong[0] = { ...wrong[0], amount: 51_000 }
    await publishVillage(p, wrong)
    const a = await alignmentOf(p)
    expect(a).toMatchObject({ status: 'inconsistent', disclosureVersion: 1, governmentVersion: 1 })
    // One household's amount, and the column total it changes.
    expect(a?.result?.discrepancies.map((d) => d.kind).sort()).toEqual(['amount_differs', 'total_differs'])
    const after = await s.models.ComplianceRow.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
    expect(after).toMatchObject({ alignmentStatus: 'inconsistent', discrepancyCount: a?.discrepancyCount })
  })

  it('should rewrite nothing when recomputed from unchanged sides (same document, same revision)', async () => {
    const p = String(period++)
    await publishGovernment(p, subsidyRows())
    await publishVillage(p, subsidyRows())
    const before = await alignmentOf(p)
    expect(before?.status).toBe('consistent')
    const again = await s.alignments.recompute(V1, ITEM, p)
    expect(again?._id.equals(before?._id ?? '')).toBe(true)
    expect(again?.revision).toBe(before?.revision)
    expect(await s.models.Alignment.countDocuments({ key: `${V1}|${ITEM}|${p}` })).toBe(1)
  })

  it('should verify only the comparison the township saw, and allow each action only where it fits', async () => {
    const p = String(period++)
    await publishGovernment(p, subsidyRows())
    const wrong = subsidyRows()
    wrong[1] = { ...wrong[1], amount: 1 }
    await publishVillage(p, wrong)
    const a = await alignmentOf(p)
    if (!a?.fingerprint) throw new Error('no comparison')
    const id = a._id.toHexString()
    const seen = {
      fingerprint: a.fingerprint,
      disclosureVersion: a.disclosureVersion,
      governmentVersion: a.governmentVersion,
      revision: a.revision,
    }
    const township = user('demo-township')
    const verify = (req: AlignmentVerifyReq) => s.alignmentVerifications.verify(id, req, township, actor)

    expect(await errorCodeOf(verify({ action: 'confirm', ...seen, fingerprint: 'stale' }))).toBe(
      ErrorCode.AlignmentStale,
    )
    expect(await errorCodeOf(verify({ action: 'confirm', ...seen }))).toBe(ErrorCode.InvalidTransition)
    const asked = await verify({
      action: 'request_correction',
      ...seen,
      comment: '第2户金额与县里名册不一致',
    })
    expect(asked.correction?.text).toBe('第2户金额与县里名册不一致')
    // Sent on the revision the first action left: the officer reloaded after asking for a correction.
    const resolved = await verify({
      action: 'resolve',
      ...seen,
      revision: asked.revision,
      reason: '县里名册有误，已核实村里为准',
    })
    expect(resolved.verification?.action).toBe('resolved')
    const line = await s.models.ComplianceRow.findOne({ key: `${V1}|${ITEM}|${p}` }).lean()
    expect(line).toMatchObject({ alignmentStatus: 'verified', verifiedBy: township.displayName })
  })

  it('should name the county in the badge when the county resolved the differences', async () => {
    const p = String(period++)
    await publishGovernment(p, subsidyRows())
    const wrong = subsidyRows()
    wrong[1] = { ...wrong[1], amount: 1 }
    await publishVillage(p, wrong)
    const a = await alignmentOf(p)
    if (!a?.fingerprint) throw new Error('no comparison')
    const county = user('demo-county')
    const resolved = await s.alignmentVerifications.verify(
      a._id.toHexString(),
      {
        action: 'resolve',
        fingerprint: a.fingerprint,
        disclosureVersion: a.disclosureVersion,
        governmentVersion: a.governmentVersion,
        revision: a.revision,
        reason: '县里名册有误，已核实村里为准',
      },
      county,
      actor,
    )
    expect(resolved.verification?.level).toBe('county')
    expect(badgeOf(resolved).label).toMatch(/^已由县核查说明 · 已核验（/)
  })
})
