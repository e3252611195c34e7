import { findCatalogItem } from '@cunwu/domain'
import type { TableSchema } from '@cunwu/domain'
import type { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ParseRequest } from './table-import-protocol'
import { ParseRefused, startParse } from './table-import-parser'
import { ParseWorkerPool } from './table-import-workers'

// Starting a worker takes a few seconds on a loaded machine.
vi.setConfig({ testTimeout: 120_000 })

const table = findCatalogItem('agricultural-subsidies.cultivated-land-protection')?.table
if (!table) throw new Error('catalog table missing')
const LAND: TableSchema = table
const HEAP_MB = 256
const RESOURCES = { heapMb: HEAP_MB, timeoutMs: 60_000 }
const GOOD = ['户主姓名,补贴面积,补贴金额', '张三,1,125', '李四,2,250'].join('\n')

function request(csv: string, more: Partial<ParseRequest> = {}): ParseRequest {
  return {
    bytes: Buffer.from(csv),
    filename: '名册.csv',
    limits: { maxBytes: 1 << 20, maxRows: 1_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
    schema: LAND,
    village: null,
    plan: { mode: 'detect' },
    wantRows: true,
    previewRows: 2,
    maxErrors: 200,
    ...more,
  }
}

/** Waits until `check` holds (a worker starting in the background). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 100))
  expect(check()).toBe(true)
}

const pools: ParseWorkerPool[] = []
function newPool(): ParseWorkerPool {
  const pool = new ParseWorkerPool()
  pools.push(pool)
  return pool
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

describe('ParseWorkerPool', () => {
  it('should serve parse after parse with one warm worker, after a refused file too', async () => {
    const pool = newPool()
    pool.warm([HEAP_MB])
    expect(pool.started).toBe(1)
    expect(pool.waiting).toBe(1)
    const first = await startParse(request(GOOD), RESOURCES, pool).result
    expect(first.outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(first.rows.map((r) => r.name)).toEqual(['张三', '李四'])
    // Past the row limit: refused while reading, and the worker answers the next parse.
    const tooLong = ['户主姓名,补贴面积,补贴金额', ...Array.from({ length: 1_100 }, () => '张三,1,1')].join(
      '\n',
    )
    const refused: unknown = await startParse(request(tooLong), RESOURCES, pool).result.catch(
      (e: unknown) => e,
    )
    expect(refused).toMatchObject({ code: 'too_many_rows' })
    // Not a spreadsheet at all.
    const broken: unknown = await startParse(
      request('PK\u0003\u0004 not really a zip', { filename: '名册.xlsx' }),
      RESOURCES,
      pool,
    ).result.catch((e: unknown) => e)
    expect(broken).toBeInstanceOf(ParseRefused)
    const again = await startParse(request(GOOD), RESOURCES, pool).result
    expect(again.outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(pool.started).toBe(1)
    expect(pool.waiting).toBe(1)
  })

  it('should replace a worker that ran out of memory, and the next parse is unharmed', async () => {
    const pool = newPool()
    // Enough for the worker's code and a small file, far too little for this one.
    const small = { heapMb: 48, timeoutMs: 60_000 }
    pool.warm([small.heapMb])
    const lines = ['户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 300_000; i += 1) lines.push(`户主姓名很长很长很长很长${i},1,125`)
    const error: unknown = await startParse(
      request(lines.join('\n'), {
        limits: { maxBytes: 16 << 20, maxRows: 400_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
      }),
      small,
      pool,
    ).result.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'file_too_large' })
    // A fresh worker is started in the background for the heap size kept warm.
    await until(() => pool.started === 2 && pool.waiting === 1)
    const next = await startParse(request(GOOD), small, pool).result
    expect(next.outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(pool.started).toBe(2)
  })

  it('should stop a worker that runs out of time or is cancelled and serve the next parse with another', async () => {
    const pool = newPool()
    const lines = ['户主姓名,补贴面积,补贴金额']
    for (let i = 0; i < 50_000; i += 1) lines.push(`户${i},1,125`)
    const big = request(lines.join('\n'), {
      limits: { maxBytes: 8 << 20, maxRows: 100_000, maxColumns: 100, maxInflatedBytes: 1 << 24 },
    })
    const late: unknown = await startParse(big, { heapMb: HEAP_MB, timeoutMs: 1 }, pool).result.catch(
      (e: unknown) => e,
    )
    expect(late).toMatchObject({ code: 'import_timeout' })
    expect(pool.waiting).toBe(0)
    const run = startParse(big, RESOURCES, pool)
    run.cancel()
    expect(await run.result.catch((e: unknown) => e)).toMatchObject({ code: 'cancelled' })
    const next = await startParse(request(GOOD), RESOURCES, pool).result
    expect(next.outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(pool.started).toBe(3)
  })

  it('should not give back a worker it stopped when its answer was already on the way', async () => {
    const pool = newPool()
    const workers: Worker[] = []
    const take = pool.take.bind(pool)
    vi.spyOn(pool, 'take').mockImplementation((heapMb) => {
      const parser = take(heapMb)
      workers.push(parser.worker)
      return parser
    })
    const run = startParse(request(GOOD), RESOURCES, pool)
    // The parse is cancelled (a roster store failing while the rows are handed over) just as the worker's `done`
    // arrives: the worker is being stopped, and must not wait in the pool for the next parse.
    const [worker] = workers
    if (!worker) throw new Error('no worker taken')
    const emit = worker.emit.bind(worker)
    worker.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      const message = args[0] as { type?: string } | undefined
      if (event === 'message' && message?.type === 'done') run.cancel()
      return emit(event, ...args)
    }
    expect(await run.result.catch((e: unknown) => e)).toMatchObject({ code: 'cancelled' })
    expect(pool.waiting).toBe(0)
    // The next parse, at once, gets a worker that answers.
    const next = await startParse(request(GOOD), RESOURCES, pool).result
    expect(next.outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(workers).toHaveLength(2)
    expect(workers[1]).not.toBe(worker)
  })

  it('should not stop a reused worker when a finished parse is cancelled afterwards', async () => {
    const pool = newPool()
    const done = startParse(request(GOOD), RESOURCES, pool)
    await done.result
    const next = startParse(request(GOOD), RESOURCES, pool)
    // The worker now serves `next`: cancelling the finished parse must leave it alone.
    done.cancel()
    expect((await next.result).outcome).toMatchObject({ ok: true, rowCount: 2 })
    expect(pool.started).toBe(1)
  })

  it('should start a worker of its own for a second parse while the warm one is busy', async () => {
    const pool = newPool()
    pool.warm([HEAP_MB])
    const [a, b] = await Promise.all([
      startParse(request(GOOD), RESOURCES, pool).result,
      startParse(request(GOOD), RESOURCES, pool).result,
    ])
    expect(a.outcome).toMatchObject({ ok: true })
    expect(b.outcome).toMatchObject({ ok: true })
    expect(pool.started).toBe(2)
    // One is kept for the next parse, the other stopped.
    expect(pool.waiting).toBe(1)
  })
})
