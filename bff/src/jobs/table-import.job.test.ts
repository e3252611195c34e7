import { Types } from 'mongoose'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildTestApp } from '../testing/build-app'
import type { TestApp } from '../testing/build-app'
import type { Models } from '../models'
import type { TableImport } from '../models/TableImport.model'
import type { RosterWriter } from '../services/government-rows.service'
import { startParse } from '../imports/table-import-parser'
import { ImportSlots } from '../imports/table-import-slots'
import { buildXlsx } from '../../../packages/tables/src/test-builders'
import { buildZip, zipParts } from '../../../packages/tables/src/zip-builders'
import { TableImportJob } from './table-import.job'

// Every import is parsed in a new worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const ITEM = 'agricultural-subsidies.cultivated-land-protection'
const VILLAGES = [{ code: '360999100201', name: '枫林村委会' }]

/** A roster store whose writes fail (a database outage while the staged rows are saved). */
function failingRoster(message: string): RosterWriter {
  const fail = async (): Promise<never> => {
    throw new Error(message)
  }
  return { rosterId: new Types.ObjectId(), add: fail, finish: fail, abort: async () => undefined }
}

describe(TableImportJob.name, () => {
  let t: TestApp
  let models: Models
  const logged: { level: number; msg: string; importId?: string; err?: { message: string } }[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) })

  beforeAll(async () => {
    t = await buildTestApp({ NOTIFICATIONS_WORKER: 'false', MAINTENANCE_INTERVAL_MS: '0' })
    if (!t.services) throw new Error('no services')
    models = t.services.models
  })
  afterAll(async () => {
    await t.close()
  })

  async function rosterImport(): Promise<TableImport> {
    const doc = await models.TableImport.create({
      kind: 'government_item',
      regionCode: '360999100000',
      catalogItemId: ITEM,
      governmentItemId: new Types.ObjectId(),
      createdBy: new Types.ObjectId(),
      filename: '名册.csv',
      status: 'processing',
      stage: 'reading',
      run: 1,
      progress: { done: 0, total: 0 },
      staged: null,
      expiresAt: new Date(Date.now() + 86_400_000),
    })
    return doc.toObject()
  }

  async function settled(id: Types.ObjectId): Promise<TableImport> {
    for (let i = 0; i < 1200; i += 1) {
      const doc = await models.TableImport.findById(id).lean()
      if (doc && doc.status !== 'processing') return doc
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not settle')
  }

  describe('run', () => {
    it('should log a background failure with the import id, record it as failed and free the slot', async () => {
      const slots = new ImportSlots(models.JobLease)
      const job = new TableImportJob({
        models,
        logger,
        villagesFor: async () => VILLAGES,
        // The roster store fails (a database outage while saving the staged rows).
        rows: {
          openRoster: () => failingRoster('roster store unavailable'),
          release: async () => undefined,
        },
      })
      const doc = await rosterImport()
      const csv = Buffer.from('村名,户主姓名,补贴面积,补贴金额\n枫林村1组,张三,1,125')
      job.run(doc, csv, await slots.acquire('officer'))
      const done = await settled(doc._id)
      expect(done).toMatchObject({ status: 'failed', failure: '导入出错，请重试' })
      const entry = logged.find((l) => l.msg === 'table import failed')
      expect(entry).toMatchObject({ level: 50, importId: doc._id.toHexString() })
      expect(entry?.err?.message).toBe('roster store unavailable')
      expect(slots.running).toBe(0)
    })

    it('should store a roster while checking it, and leave no row behind when a later row fails', async () => {
      const rowsService = t.services?.governmentRows
      if (!rowsService) throw new Error('no rows service')
      const written: Types.ObjectId[] = []
      let mostChunks = 0
      const job = new TableImportJob({
        models,
        logger,
        villagesFor: async () => VILLAGES,
        rows: {
          // The real roster store, watched: how many chunks it holds while rows still arrive.
          openRoster: (itemId) => {
            const writer = rowsService.openRoster(itemId)
            written.push(writer.rosterId)
            return {
              ...writer,
              rosterId: writer.rosterId,
              add: async (rows, villages) => {
                await writer.add(rows, villages)
                const held = await models.GovernmentRow.countDocuments({ rosterId: writer.rosterId })
                mostChunks = Math.max(mostChunks, held)
              },
            }
          },
          release: (id) => rowsService.release(id),
        },
      })
      const lines = ['村名,户主姓名,补贴面积,补贴金额']
      for (let i = 0; i < 14_000; i += 1) lines.push(`枫林村,户主${i},1,${i === 13_000 ? '一百' : '125'}`)
      const doc = await rosterImport()
      job.run(doc, Buffer.from(lines.join('\n')), null)
      const done = await settled(doc._id)
      // A failure of the job itself (logged, recorded as 导入出错) names its cause here.
      const jobErrors = logged
        .filter((l) => l.level >= 50 && l.importId === doc._id.toHexString())
        .map((l) => l.err?.message)
      expect({ failure: done.failure ?? null, jobErrors }).toEqual({ failure: null, jobErrors: [] })
      expect(done).toMatchObject({ status: 'failed', errorCount: 1, staged: null })
      expect(done.cellErrors[0]).toMatchObject({ row: 13_002, column: 'amount' })
      // Rows that passed were stored before the failing one was reached, where no reader looks…
      expect(written).toHaveLength(1)
      expect(mostChunks).toBeGreaterThan(0)
      // …and nothing of them is left once the import is refused.
      expect(await models.GovernmentRow.countDocuments({ rosterId: written[0] })).toBe(0)
      expect(await models.GovernmentRow.countDocuments({ itemId: doc.governmentItemId })).toBe(0)
    })

    it('should record a parse that runs out of time as a refused file', async () => {
      const job = new TableImportJob({
        models,
        logger,
        villagesFor: async () => VILLAGES,
        rows: {
          openRoster: () => failingRoster('not reached'),
          release: async () => undefined,
        },
        parse: (request) => startParse(request, { heapMb: 256, timeoutMs: 1 }),
      })
      const doc = await rosterImport()
      job.run(doc, Buffer.from('村名,户主姓名,补贴面积,补贴金额\n枫林村,张三,1,125'), null)
      const done = await settled(doc._id)
      expect(done).toMatchObject({
        status: 'failed',
        failure: '表格太大，检查超时，请拆分成几个文件分别导入',
      })
    })

    it('should refuse a workbook declaring more than the inflated limit without starting a worker', async () => {
      const job = new TableImportJob({
        models,
        logger,
        villagesFor: async () => VILLAGES,
        rows: {
          openRoster: () => failingRoster('not reached'),
          release: async () => undefined,
        },
        parse: () => {
          throw new Error('no worker should start')
        },
      })
      const base = await buildXlsx([{ rows: [['村名', '户主姓名']] }])
      const parts = [...zipParts(base)].map(([name, data]) => ({ name, data }))
      const bomb = buildZip(
        parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, declaredSize: 3_000_000_000 } : p)),
      )
      const doc = await rosterImport()
      job.run({ ...doc, filename: 'bomb.xlsx' }, bomb, null)
      const done = await settled(doc._id)
      expect(done.status).toBe('failed')
      expect(done.failure).toContain('解压后内容太大')
    })

    it('should log each finished check', async () => {
      const job = new TableImportJob({
        models,
        logger,
        villagesFor: async () => VILLAGES,
        rows: {
          openRoster: () => failingRoster('not reached'),
          release: async () => undefined,
        },
      })
      const doc = await rosterImport()
      job.run(doc, Buffer.from('%PDF-1.4'), null)
      const done = await settled(doc._id)
      expect(done.status).toBe('failed')
      expect(
        logged.find((l) => l.msg === 'table import checked' && l.importId === doc._id.toHexString()),
      ).toBeDefined()
    })
  })
})
