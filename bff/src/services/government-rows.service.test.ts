import mongoose, { Types } from 'mongoose'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { TableRow } from '@cunwu/domain'
import { DEMO_REGIONS } from '@cunwu/domain'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import type { Services } from '.'
import { SYSTEM_ACTOR as actor } from './audit.service'
import { ABANDONED_AFTER_MS, ROWS_PER_CHUNK } from './government-rows.service'
import { demoRegionOf } from '../testing/demo'

const V1 = demoRegionOf('demo-secretary')
const V2 = demoRegionOf('demo-secretary-2')
const COUNTY = demoRegionOf('demo-county')
const ITEM = 'agricultural-subsidies.cultivated-land-protection'

function rowsFor(count: number, prefix: string): TableRow[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}${i}`,
    area_mu: 1,
    amount: 12_500,
    household_no: String(i + 1),
  }))
}

describe('createGovernmentRowsService', () => {
  let t: TestApp
  let services: Services
  let period = 2040

  beforeAll(async () => {
    t = await buildTestApp()
    if (!t.services) throw new Error('no database')
    services = t.services
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  /** A county draft with rows in V1 and V2, written through the items service. */
  async function draftWithRows(v1: number, v2: number) {
    const author = await services.models.User.findOne({}).lean()
    if (!author) throw new Error('no user')
    const g = await services.governmentItems.create(
      COUNTY,
      { catalogItemId: ITEM, period: String(period++), title: '名册', body: '', figures: [], rows: null },
      author,
      actor,
    )
    const rows = [...rowsFor(v1, '甲'), ...rowsFor(v2, '乙')]
    const villages = [...rows.slice(0, v1).map(() => V1), ...rows.slice(v1).map(() => V2)]
    return services.governmentItems.replaceRows(g._id.toHexString(), rows, villages, actor, {})
  }

  describe('write', () => {
    it('should keep a roster larger than one MongoDB document in bounded chunks, the item small', async () => {
      const long = '长'.repeat(1500)
      const rows = Array.from({ length: 4000 }, (_, i) => ({
        name: `户${i}`,
        area_mu: 1,
        amount: 100,
        group: long,
      }))
      const itemId = new Types.ObjectId()
      const written = await services.governmentRows.write(
        itemId,
        rows,
        rows.map((_, i) => (i % 2 ? V1 : V2)),
      )
      const chunks = await services.models.GovernmentRow.find({ rosterId: written.rosterId }).lean()
      const sizes = chunks.map((c) => mongoose.mongo.BSON.calculateObjectSize(c))
      expect(sizes.reduce((s, n) => s + n, 0)).toBeGreaterThan(16 * 1024 * 1024)
      expect(Math.max(...sizes)).toBeLessThan(4 * 1024 * 1024)
      expect(chunks.every((c) => c.rows.length <= ROWS_PER_CHUNK)).toBe(true)
      expect(written).toMatchObject({
        rowCount: 4000,
        villageCodes: [V1, V2].sort(),
        rosterVillages: [V1, V2].sort().map((code) => ({ code, rows: 2000 })),
      })
      const own = await services.governmentRows.rowsOfVillage({ rosterId: written.rosterId }, V1)
      expect(own.map((r) => r.name)).toEqual(rows.filter((_, i) => i % 2).map((r) => r.name))
      await services.governmentRows.release(written.rosterId)
    })
  })

  describe('openRoster', () => {
    /** Rows of about 1 KB each, so that an insert (1 MB) fills within a few thousand. */
    const longRows = (count: number, prefix: string): TableRow[] =>
      rowsFor(count, prefix).map((r) => ({ ...r, group: '长'.repeat(300) }))

    it('should store rows interleaved across villages as they arrive, read like a roster written in village order', async () => {
      const codes = [V1, V2].sort()
      // Sheet order: the villages alternate in runs, as a county sheet sorted by household might.
      const rows = longRows(3_200, '户')
      const villages = rows.map((_, i) => codes[Math.floor(i / 7) % 2] ?? '')
      const writer = services.governmentRows.openRoster(new Types.ObjectId())
      for (let at = 0; at < rows.length; at += 333)
        await writer.add(rows.slice(at, at + 333), villages.slice(at, at + 333))
      // Chunks are in the database before the roster is finished.
      expect(
        await services.models.GovernmentRow.countDocuments({ rosterId: writer.rosterId }),
      ).toBeGreaterThan(0)
      const streamed = await writer.finish()
      expect(streamed.rowCount).toBe(3_200)
      expect(streamed.rosterVillages).toEqual(
        codes.map((code) => ({ code, rows: villages.filter((v) => v === code).length })),
      )
      expect(streamed.villageCodes).toEqual(codes)
      const layout = async (rosterId: Types.ObjectId) =>
        (await services.models.GovernmentRow.find({ rosterId }).sort({ villageCode: 1, seq: 1 }).lean()).map(
          (c) => [c.villageCode, c.seq, c.villageAt, c.rows.length],
        )
      const [n0 = 0, n1 = 0] = streamed.rosterVillages.map((v) => v.rows)
      expect(await layout(streamed.rosterId)).toEqual([
        [codes[0], 0, 0, 1000],
        [codes[0], 1, 1000, n0 - 1000],
        [codes[1], 0, 0, 1000],
        [codes[1], 1, 1000, n1 - 1000],
      ])
      // Rows of each village keep their sheet order; every page reads as the villages in code order.
      const expected = codes.flatMap((code) =>
        rows.filter((_, i) => villages[i] === code).map((r) => r['name']),
      )
      for (const code of codes) {
        const own = await services.governmentRows.rowsOfVillage(streamed, code)
        expect(own.map((r) => r.name)).toEqual(
          rows.filter((_, i) => villages[i] === code).map((r) => r['name']),
        )
      }
      for (const page of [
        { offset: 0, limit: 500 },
        { offset: 1_450, limit: 300 },
        { offset: 3_100, limit: 500 },
        { offset: 3_200, limit: 10 },
      ]) {
        const got = await services.governmentRows.page(streamed, page)
        expect(got?.total).toBe(3_200)
        expect(got?.rows.map((r) => r.name)).toEqual(expected.slice(page.offset, page.offset + page.limit))
      }
      await services.governmentRows.release(streamed.rosterId)
    })

    it('should page across whole villages between partial ones, and through one village', async () => {
      const codes = DEMO_REGIONS.filter((r) => r.level === 'village' && r.code.startsWith(COUNTY.slice(0, 6)))
        .map((r) => r.code)
        .sort()
        .slice(0, 4)
      expect(codes).toHaveLength(4)
      const sizes = [1_200, 3, 5, 1_100]
      const rows = codes.flatMap((code, v) =>
        rowsFor(sizes[v] ?? 0, `${v}-`).map((r): TableRow & { code: string } => ({ ...r, code })),
      )
      const shuffled = rows.map((r, i) => ({ r, k: (i * 7919) % rows.length })).sort((a, b) => a.k - b.k)
      // Given in a shuffled order: each village's rows still come in their own order within it.
      const inOrder = codes.flatMap((code) => shuffled.filter((s) => s.r.code === code).map((s) => s.r))
      const written = await services.governmentRows.write(
        new Types.ObjectId(),
        shuffled.map((s) => s.r),
        shuffled.map((s) => s.r.code),
      )
      const g = {
        rosterId: written.rosterId,
        rowCount: written.rowCount,
        rosterVillages: written.rosterVillages,
      }
      for (const page of [
        { offset: 1_150, limit: 100 },
        { offset: 1_199, limit: 10 },
        { offset: 0, limit: 500 },
        { offset: 1_210, limit: 500 },
      ]) {
        const got = await services.governmentRows.page(g, page)
        expect(got?.rows.map((r) => r.name)).toEqual(
          inOrder.slice(page.offset, page.offset + page.limit).map((r) => r['name']),
        )
      }
      const village = await services.governmentRows.page(g, { village: codes[3], offset: 990, limit: 20 })
      expect(village).toMatchObject({ total: 1_100 })
      expect(village?.rows.map((r) => r.name)).toEqual(
        inOrder
          .filter((r) => r.code === codes[3])
          .slice(990, 1_010)
          .map((r) => r['name']),
      )
      await services.governmentRows.release(written.rosterId)
    })

    it('should delete what was written on abort, and refuse to go on after a failed write', async () => {
      const [first = ''] = [V1, V2].sort()
      const other = services.governmentRows.openRoster(new Types.ObjectId())
      await other.add(
        longRows(2_500, '丙'),
        longRows(2_500, '丙').map(() => first),
      )
      expect(
        await services.models.GovernmentRow.countDocuments({ rosterId: other.rosterId }),
      ).toBeGreaterThan(0)
      await other.abort()
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: other.rosterId })).toBe(0)

      const broken = services.governmentRows.openRoster(new Types.ObjectId())
      await expect(broken.add(longRows(2, '丁'), [first])).rejects.toThrow(/has no village/)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: broken.rosterId })).toBe(0)
      await expect(broken.finish()).rejects.toThrow(/already failed/)
    })

    it('should leave nothing when it aborts while an insert is on its way (a parse that failed mid-handover)', async () => {
      const [first = ''] = [V1, V2].sort()
      const Rows = services.models.GovernmentRow
      const insertMany = Rows.insertMany.bind(Rows)
      let release = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      let started = () => {}
      const inserting = new Promise<void>((resolve) => (started = resolve))
      const spy = vi.spyOn(Rows, 'insertMany').mockImplementationOnce((async (...args: unknown[]) => {
        started()
        await held
        return (insertMany as (...a: unknown[]) => Promise<unknown>)(...args)
      }) as never)
      try {
        const writer = services.governmentRows.openRoster(new Types.ObjectId())
        const rows = longRows(2_500, '戊')
        const adding = writer.add(
          rows,
          rows.map(() => first),
        )
        await inserting
        const aborting = writer.abort()
        release()
        await Promise.allSettled([adding, aborting])
        expect(await Rows.countDocuments({ rosterId: writer.rosterId })).toBe(0)
        await expect(writer.add(longRows(1, '己'), [first])).rejects.toThrow(/already failed/)
      } finally {
        spy.mockRestore()
      }
    })
  })

  describe('sweep', () => {
    it('should leave a roster written without its flip unseen, then delete it once abandoned, never a used one', async () => {
      const g = await draftWithRows(3, 2)
      const orphan = await services.governmentRows.write(
        g._id,
        rowsFor(5, '孤'),
        rowsFor(5, '孤').map(() => V1),
      )
      // Readers go through the item: they see its own roster, whole, and nothing of the orphan.
      expect((await services.governmentRows.rowsOfVillage(g, V1)).map((r) => r.name)).toEqual([
        '甲0',
        '甲1',
        '甲2',
      ])
      expect(await services.governmentRows.sweep()).toBe(0)
      const later = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000)
      expect(await services.governmentRows.sweep(later)).toBeGreaterThan(0)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: orphan.rosterId })).toBe(0)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: g.rosterId })).toBeGreaterThan(0)
    })

    it('should sweep a roster an import was staging when the process stopped, never having shown it', async () => {
      const g = await draftWithRows(2, 0)
      const before = await services.governmentRows.page(g, { offset: 0, limit: 50 })
      // An import storing its rows as they pass: chunks are written, then the process dies (no finish, no abort).
      const writer = services.governmentRows.openRoster(g._id)
      const rows = Array.from({ length: 3_000 }, (_, i) => ({ name: `半${i}`, group: '长'.repeat(300) }))
      await writer.add(
        rows,
        rows.map((_, i) => (i % 2 ? V1 : V2)),
      )
      await services.models.TableImport.create({
        kind: 'government_item',
        regionCode: COUNTY,
        catalogItemId: ITEM,
        governmentItemId: g._id,
        createdBy: new Types.ObjectId(),
        filename: '名册.xlsx',
        status: 'processing',
        stage: 'checking',
        staged: null,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      expect(
        await services.models.GovernmentRow.countDocuments({ rosterId: writer.rosterId }),
      ).toBeGreaterThan(0)
      // Readers go through the item: its own rows only.
      expect(await services.governmentRows.page(g, { offset: 0, limit: 50 })).toEqual(before)
      expect(await services.governmentRows.sweep()).toBe(0)
      // Upkeep after a restart: the half-written roster is older than any write can take and nothing points at it.
      const later = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000)
      expect(await services.governmentRows.sweep(later)).toBeGreaterThan(0)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: writer.rosterId })).toBe(0)
      expect(await services.governmentRows.page(g, { offset: 0, limit: 50 })).toEqual(before)
    })

    it('should keep a roster a ready import staged, until the import is no longer waiting', async () => {
      const g = await draftWithRows(1, 0)
      const staged = await services.governmentRows.write(g._id, rowsFor(2, '待'), [V1, V1])
      const imp = await services.models.TableImport.create({
        kind: 'government_item',
        regionCode: COUNTY,
        catalogItemId: ITEM,
        governmentItemId: g._id,
        createdBy: new Types.ObjectId(),
        filename: '名册.csv',
        status: 'ready',
        staged,
        expiresAt: new Date(Date.now() + 86_400_000),
      })
      const later = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000)
      await services.governmentRows.sweep(later)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: staged.rosterId })).toBe(1)
      await services.models.TableImport.updateOne({ _id: imp._id }, { $set: { status: 'failed' } })
      await services.governmentRows.sweep(later)
      expect(await services.models.GovernmentRow.countDocuments({ rosterId: staged.rosterId })).toBe(0)
    })
  })

  describe('replaceRows', () => {
    it('should let racing imports of one draft end with one whole roster and no leftovers', async () => {
      const g = await draftWithRows(2, 0)
      const id = g._id.toHexString()
      const outcomes = await Promise.allSettled(
        ['一', '二', '三'].map((p) =>
          services.governmentItems.replaceRows(
            id,
            rowsFor(1500, p),
            rowsFor(1500, p).map(() => V2),
            actor,
            {},
          ),
        ),
      )
      expect(outcomes.some((o) => o.status === 'fulfilled')).toBe(true)
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ status: 409 })
      const now = await services.models.GovernmentItem.findById(id).lean()
      if (!now) throw new Error('item gone')
      const own = await services.governmentRows.rowsOfVillage(now, V2)
      expect(own).toHaveLength(1500)
      expect(new Set(own.map((r) => String(r.name).charAt(0))).size).toBe(1)
      const rosters: Types.ObjectId[] = await services.models.GovernmentRow.distinct('rosterId', {
        itemId: now._id,
      })
      expect(rosters.map(String)).toEqual([String(now.rosterId)])
    })
  })

  describe('migrateInlineRows', () => {
    it('should move rows kept inside an item of an earlier version into a roster, once', async () => {
      const g = await draftWithRows(1, 0)
      const legacyId = new Types.ObjectId()
      const { _id, rosterId, rowCount, rosterVillages, ...rest } = g
      expect(rowCount).toBe(1)
      expect(rosterId).not.toBeNull()
      expect(rosterVillages).toHaveLength(1)
      await services.models.GovernmentItem.collection.insertOne({
        ...rest,
        _id: legacyId,
        seriesKey: `legacy|${_id.toHexString()}`,
        openKey: null,
        rows: [{ name: '旧一' }, { name: '旧二' }, { name: '旧三' }],
        rowVillages: [V2, V1, V2],
        villageCodes: [V1, V2].sort(),
      })
      expect(await services.governmentRows.migrateInlineRows()).toBe(1)
      expect(await services.governmentRows.migrateInlineRows()).toBe(0)
      const raw = await services.models.GovernmentItem.collection.findOne({ _id: legacyId })
      expect(raw && 'rows' in raw).toBe(false)
      const migrated = await services.models.GovernmentItem.findById(legacyId).lean()
      if (!migrated) throw new Error('gone')
      expect(migrated.rowCount).toBe(3)
      expect((await services.governmentRows.rowsOfVillage(migrated, V2)).map((r) => r.name)).toEqual([
        '旧一',
        '旧三',
      ])
    })
  })
})
