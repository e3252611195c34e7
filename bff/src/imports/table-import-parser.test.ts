import { findCatalogItem } from '@cunwu/domain'
import type { TableSchema } from '@cunwu/domain'
import { describe, expect, it, vi } from 'vitest'
import type { ParseRequest } from './table-import-protocol'
import { ParsePlanInvalid, ParseRefused, startParse } from './table-import-parser'

// Every parse starts a worker thread (a few seconds on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const table = findCatalogItem('agricultural-subsidies.cultivated-land-protection')?.table
if (!table) throw new Error('catalog table missing')
const LAND: TableSchema = table
const RESOURCES = { heapMb: 256, timeoutMs: 60_000 }
const villages = [
  { code: '360999100200', name: '云溪村委会' },
  { code: '360999100001', name: '云溪社区居委会' },
  { code: '360999100201', name: '枫林村委会' },
]

function request(csv: string, more: Partial<ParseRequest> = {}): ParseRequest {
  return {
    bytes: Buffer.from(csv),
    filename: '名册.csv',
    limits: { maxBytes: 1 << 20, maxRows: 1_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
    schema: LAND,
    village: null,
    plan: { mode: 'detect' },
    wantRows: false,
    previewRows: 2,
    maxErrors: 200,
    ...more,
  }
}

describe('startParse', () => {
  it('should read, detect and convert in a worker thread, rows in batches when asked', async () => {
    const lines = ['村组,户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 5_000; i += 1)
      lines.push(`${i % 2 ? '云溪村' : '枫林村'}${1 + (i % 9)}组,户${i},1,125`)
    const run = startParse(
      request(lines.join('\n'), {
        village: { key: 'village', villages },
        wantRows: true,
        limits: { maxBytes: 1 << 20, maxRows: 10_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      RESOURCES,
    )
    const progress: number[] = []
    run.onProgress = (p) => progress.push(p.done)
    const sheet = await run.sheet
    expect(sheet).toMatchObject({
      sheetIndex: 0,
      headerRow: 0,
      villageColumn: 0,
      unmappedRequired: [],
      dataRows: 5_000,
    })
    const result = await run.result
    expect(result.outcome).toMatchObject({ ok: true, rowCount: 5_000 })
    expect(result.rows).toHaveLength(5_000)
    // Rows come in sheet order, as they pass, each with its village's code (the roster writer groups them).
    expect(result.rows[0]).toMatchObject({ name: '户0', amount: 12_500 })
    expect(result.rows[4_999]).toMatchObject({ name: '户4999' })
    expect(result.villageCodes?.slice(0, 3)).toEqual(['360999100201', '360999100200', '360999100201'])
    expect(progress.at(-1)).toBe(5_000)
  })

  it('should hand rows to a sink one batch at a time, in sheet order, while the rest is checked', async () => {
    const lines = ['村组,户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 5_000; i += 1)
      lines.push(`${i % 2 ? '云溪村' : '枫林村'}${1 + (i % 9)}组,户${i},1,125`)
    const run = startParse(
      request(lines.join('\n'), {
        village: { key: 'village', villages },
        wantRows: true,
        limits: { maxBytes: 1 << 20, maxRows: 10_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      RESOURCES,
    )
    const names: string[] = []
    const codes: string[] = []
    let inSink = 0
    let mostInSink = 0
    let checked = false
    let batchesBeforeChecked = 0
    run.onProgress = (p) => (checked = p.done === p.total)
    await run.streamRows(async (rows, villageCodes) => {
      if (!checked) batchesBeforeChecked++
      inSink++
      mostInSink = Math.max(mostInSink, inSink)
      // A slow store: the worker must wait for it rather than pile rows up here.
      await new Promise((r) => setTimeout(r, 5))
      for (const row of rows) names.push(String(row.name))
      codes.push(...(villageCodes ?? []))
      inSink--
    })
    const result = await run.result
    expect(result.outcome).toMatchObject({ ok: true, rowCount: 5_000 })
    expect(result.rows).toHaveLength(0)
    expect(names).toHaveLength(5_000)
    expect(names.slice(0, 2)).toEqual(['户0', '户1'])
    expect(names[4_999]).toBe('户4999')
    expect(codes).toHaveLength(5_000)
    expect(mostInSink).toBe(1)
    // The first batch reached the sink before the worker had checked the last row.
    expect(batchesBeforeChecked).toBeGreaterThan(0)
  })

  it('should hand rows collected before the sink came to it, and pass on its error', async () => {
    const csv = ['村名,户主姓名,补贴面积,补贴金额', '枫林村,张三,1,125', '云溪村,李四,1,125'].join('\n')
    const run = startParse(request(csv, { village: { key: 'village', villages }, wantRows: true }), RESOURCES)
    // A small file: every row has arrived before the sink is attached.
    await run.result
    const got: string[] = []
    await run.streamRows(async (rows) => {
      for (const row of rows) got.push(String(row.name))
    })
    expect(got).toEqual(['张三', '李四'])
    const again = startParse(
      request(csv, { village: { key: 'village', villages }, wantRows: true }),
      RESOURCES,
    )
    await again.result
    const error = await again
      .streamRows(async () => {
        throw new Error('store down')
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ message: 'store down' })
  })

  it('should fail the parse with the error of a sink that throws while rows stream', async () => {
    const lines = ['村名,户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 5_000; i += 1) lines.push(`枫林村,户${i},1,125`)
    const run = startParse(
      request(lines.join('\n'), {
        village: { key: 'village', villages },
        wantRows: true,
        limits: { maxBytes: 1 << 20, maxRows: 10_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      RESOURCES,
    )
    let batches = 0
    void run
      .streamRows(async () => {
        if (++batches === 2) throw new Error('store down')
      })
      .catch(() => undefined)
    const error = await run.result.catch((e: unknown) => e)
    expect(error).toMatchObject({ message: 'store down' })
    expect(batches).toBe(2)
  })

  it('should report required columns it could not map and convert nothing', async () => {
    const run = startParse(
      request('户主姓名,补贴面积\n张三,1', { village: { key: 'village', villages } }),
      RESOURCES,
    )
    const result = await run.result
    expect(result.sheet.unmappedRequired).toEqual(['amount', 'village'])
    expect(result.outcome).toBeNull()
  })

  it('should refuse a file past the row limit with the reader code', async () => {
    const csv = ['户主姓名,补贴面积,补贴金额', ...Array.from({ length: 1_100 }, () => '张三,1,1')].join('\n')
    const error: unknown = await startParse(request(csv), RESOURCES).result.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParseRefused)
    expect(error).toMatchObject({ code: 'too_many_rows' })
  })

  it('should refuse a corrected header row outside the sheet', async () => {
    const plan = {
      mode: 'given' as const,
      sheets: [
        {
          sheetIndex: 0,
          headerRow: 5,
          mapping: { name: 0, area_mu: 1, amount: 2 },
          villageColumn: null,
          amountUnits: null,
        },
      ],
      checkBounds: true,
    }
    const error: unknown = await startParse(
      request('户主姓名,补贴面积,补贴金额\n张三,1,1', { plan }),
      RESOURCES,
    ).result.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParsePlanInvalid)
  })

  it('should keep the event loop free while a large sheet is parsed', async () => {
    const lines = ['户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 60_000; i += 1) lines.push(`户${i},1,125`)
    let ticks = 0
    const timer = setInterval(() => (ticks += 1), 5)
    const run = startParse(
      request(lines.join('\n'), {
        limits: { maxBytes: 8 << 20, maxRows: 100_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      RESOURCES,
    )
    const ticksAtProgress = new Set<number>()
    run.onProgress = () => ticksAtProgress.add(ticks)
    const result = await run.result
    clearInterval(timer)
    expect(result.outcome).toMatchObject({ ok: true, rowCount: 60_000 })
    // The timer kept firing between progress reports while the worker converted rows; had the conversion run on
    // this thread, every report would have seen the same count.
    expect(ticksAtProgress.size).toBeGreaterThan(1)
  })

  it('should stop the worker when its heap limit is passed', async () => {
    const lines = ['户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 200_000; i += 1) lines.push(`户主姓名很长很长很长很长${i},1,125`)
    const error: unknown = await startParse(
      request(lines.join('\n'), {
        wantRows: true,
        limits: { maxBytes: 16 << 20, maxRows: 300_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      { heapMb: 16, timeoutMs: 60_000 },
    ).result.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'file_too_large' })
  })
})
