import { Types } from 'mongoose'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseRegionCsv, type Region } from '@cunwu/domain'
import { buildTestApp, type TestApp } from '../testing/build-app'
import type { Services } from '.'
import type { Actor } from './audit.service'

// docs/api.md, "Regions": each region an import adds or changes has one `region.import` event in its own trail,
// written in batches, before the change it describes.

const CITY = '360900000000'

/** A county's file: the county, 20 townships and villages spread over them, `rows` lines in all. */
function countyCsv(county: string, rows: number, codeYear: number, villageSuffix = ''): string {
  const prefix = county.slice(0, 6)
  const lines = ['code,name,codeYear,urbanRuralCode', `${county},云溪县,${codeYear},`]
  for (let t = 1; t <= 20; t++) lines.push(`${prefix}${String(t).padStart(3, '0')}000,第${t}镇,${codeYear},`)
  for (let i = 0; lines.length - 1 < rows; i++) {
    const [t, v] = [(i % 20) + 1, Math.floor(i / 20) + 1]
    const code = `${prefix}${String(t).padStart(3, '0')}${String(v).padStart(3, '0')}`
    lines.push(`${code},第${t}镇${v}村委会${villageSuffix},${codeYear},220`)
  }
  return lines.join('\n')
}

describe('the audit trail of a region import', () => {
  let t: TestApp
  let s: Services
  const actor: Actor = { userId: new Types.ObjectId(), requestId: 'req-region-import' }
  const options = { allowOlderCodeYear: false, olderYearHint: '' }
  const eventsOf = (county: string) =>
    s.models.AuditEvent.find({ action: 'region.import', targetId: { $regex: `^${county.slice(0, 6)}` } })
      .sort({ _id: 1 })
      .lean()

  beforeAll(async () => {
    t = await buildTestApp({ SEED_DEMO: 'false' })
    s = t.services!
    await s.models.Region.insertMany([
      { _id: '360000000000', name: '江西省', level: 'province', parentCode: null, codeYear: 2024 },
      { _id: CITY, name: '宜春市', level: 'city', parentCode: '360000000000', codeYear: 2024 },
    ])
  }, 60_000)
  afterEach(() => {
    vi.restoreAllMocks()
  })
  afterAll(async () => {
    await t.close()
  })

  it('should hold one event per region added or changed, as recorded one by one before, written in batches', async () => {
    const county = '360999000000'
    const first = countyCsv(county, 2100, 2024)
    const create = vi.spyOn(s.models.AuditEvent, 'create')
    const insertMany = vi.spyOn(s.models.AuditEvent, 'insertMany')
    const start = new Date()
    expect(await s.regions.importCsvBySetup(first, actor, options)).toEqual({
      added: 2100,
      updated: 0,
      unchanged: 0,
    })
    // 2,100 events in three writes, not one each.
    expect(create).not.toHaveBeenCalled()
    expect(insertMany).toHaveBeenCalledTimes(3)

    const parsed = (csv: string) => parseRegionCsv(csv, { existingCodes: [CITY] }).regions
    const eventOf = (r: Region, previous: { name: string; codeYear: number } | null) => ({
      actorId: actor.userId,
      requestId: actor.requestId,
      action: 'region.import',
      targetType: 'region',
      targetId: r.code,
      regionCode: r.code,
      data: { name: r.name, codeYear: r.codeYear, previous },
    })
    const added = await eventsOf(county)
    // Every field as `record` stored it (nothing more), in the file's order, at the time of the import.
    expect(added.map(({ _id, at: _at, ...rest }) => rest)).toEqual(parsed(first).map((r) => eventOf(r, null)))
    for (const e of added) expect(e.at.getTime()).toBeGreaterThanOrEqual(start.getTime())

    // The list of a newer year, every village renamed: an event for each region, with the name and year it had.
    const second = countyCsv(county, 2100, 2025, '（新）')
    expect(await s.regions.importCsvBySetup(second, actor, options)).toEqual({
      added: 0,
      updated: 2100,
      unchanged: 0,
    })
    const renamed = (await eventsOf(county)).slice(added.length)
    const old = new Map(parsed(first).map((r) => [r.code, r.name]))
    expect(renamed.map(({ _id, at: _at, ...rest }) => rest)).toEqual(
      parsed(second).map((r) => eventOf(r, { name: old.get(r.code) ?? '', codeYear: 2024 })),
    )
    expect(renamed).toHaveLength(2100)
    // An unchanged file records nothing, and says so.
    expect(await s.regions.importCsvBySetup(second, actor, options)).toEqual({
      added: 0,
      updated: 0,
      unchanged: 2100,
    })
    expect(await eventsOf(county)).toHaveLength(added.length + renamed.length)
  }, 120_000)

  it('should leave no region changed without its event when the import fails midway, and finish when sent again', async () => {
    const county = '360998000000'
    const csv = countyCsv(county, 1500, 2024)
    // The database stops answering after 1,200 region writes.
    const bulkWrite = s.models.Region.bulkWrite.bind(s.models.Region)
    let written = 0
    vi.spyOn(s.models.Region, 'bulkWrite').mockImplementation((async (ops: unknown[], opts: never) => {
      const room = 1200 - written
      if (ops.length <= room) {
        written += ops.length
        return bulkWrite(ops as never, opts)
      }
      await bulkWrite(ops.slice(0, room) as never, opts)
      written += room
      throw new Error('connection lost')
    }) as never)
    await expect(s.regions.importCsvBySetup(csv, actor, options)).rejects.toThrow('connection lost')
    vi.restoreAllMocks()

    const storedNow = await s.models.Region.find({ _id: { $regex: '^360998' } }).lean()
    expect(storedNow).toHaveLength(1200)
    const events = await eventsOf(county)
    const recorded = new Set(events.map((e) => e.targetId))
    expect(storedNow.filter((r) => !recorded.has(r._id))).toEqual([])

    // Sent again: the 300 regions not yet written are, each recorded once more; the trail names every region.
    expect(await s.regions.importCsvBySetup(csv, actor, options)).toEqual({
      added: 300,
      updated: 0,
      unchanged: 1200,
    })
    expect(await s.models.Region.countDocuments({ _id: { $regex: '^360998' } })).toBe(1500)
    const after = await eventsOf(county)
    expect(after).toHaveLength(events.length + 300)
    expect(new Set(after.map((e) => e.targetId)).size).toBe(1500)
  }, 120_000)
})
