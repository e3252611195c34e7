import { Types } from 'mongoose'
import type { CellValue, TableRow } from '@cunwu/domain'
import type { Models } from '../models'
import type { GovernmentItem, RosterVillage } from '../models/GovernmentItem.model'
import type { GovernmentRow, RowsPage } from '../models/GovernmentRow.model'

/** Most rows in one chunk: a village's rows usually fit in one. */
export const ROWS_PER_CHUNK = 1000
/** Estimated bytes at which a chunk is closed early (rows of long texts), far below MongoDB's 16 MiB per document. */
const CHUNK_BYTES = 2 * 1024 * 1024
/**
 * Chunks sent to the database per insert (bounded by bytes too). 1 MB: the embedded engine runs in the BFF's process,
 * and each insert is serialised and stored in one turn of the event loop; 8 MB inserts stalled it for 0.6–2.3 s each
 * while a 200,000-row roster was saved (BENCHMARKS.md, spreadsheet imports).
 */
const INSERT_BYTES = 1024 * 1024
/**
 * Estimated bytes the open chunks of a roster being written may hold together before they are all closed early:
 * bounds the rows held while a sheet that interleaves many villages is written.
 */
const OPEN_BYTES = 16 * 1024 * 1024
/** A roster no item points at is abandoned (a write that crashed before its flip) once it is this old. */
export const ABANDONED_AFTER_MS = 60 * 60_000

type Row = Record<string, CellValue>

/** What a written roster holds; an item points at it by setting these fields in one write. */
export interface WrittenRoster {
  rosterId: Types.ObjectId
  rowCount: number
  rosterVillages: RosterVillage[]
  villageCodes: string[]
}

/** A roster being written from rows that arrive village by village or interleaved (`openRoster`). */
export interface RosterWriter {
  readonly rosterId: Types.ObjectId
  /** Adds rows (`villages[i]` is the division code of `rows[i]`); inserts the chunks that filled. */
  add(rows: readonly TableRow[], villages: readonly string[]): Promise<void>
  /** Inserts what is left and returns what the item must record. */
  finish(): Promise<WrittenRoster>
  /** Deletes what was written (the rows will not be needed). */
  abort(): Promise<void>
}

/** A row as stored: cells left out rather than undefined. */
function cellsOf(row: TableRow): Row {
  const out: Row = {}
  for (const key in row) {
    const v = row[key]
    if (v !== undefined) out[key] = v
  }
  return out
}

/** The rows `from` to `to` (positions in the village) of a village's chunks, sorted by `seq`. */
function rowsIn(chunks: readonly GovernmentRow[], from: number, to: number): Row[] {
  const rows: Row[] = []
  for (const c of chunks) {
    for (const row of c.rows.slice(Math.max(0, from - c.villageAt), Math.max(0, to - c.villageAt)))
      rows.push(row)
  }
  return rows
}

/** Rough BSON size of a row: enough to keep chunks well under the document limit without serialising them. */
function approxBytes(row: TableRow): number {
  let n = 16
  for (const key in row) {
    const v = row[key]
    n += key.length + 8 + (typeof v === 'string' ? v.length * 3 + 5 : 9)
  }
  return n
}

/**
 * Rosters of government items: the full rows, in bounded chunks per village (`GovernmentRow`), outside the item.
 *
 * Crash safety without transactions: `write` stores every chunk under a new roster id that nothing references yet;
 * the caller then points the item at it with one conditional single-document update (the flip), and `release`s the
 * roster it replaced. Readers always start from the item, so they see the old roster or the new one, whole. A crash
 * before the flip leaves chunks nobody reads; `sweep` deletes them once they are older than any write can take.
 * An Excel/CSV import writes its roster while it checks the file (`TableImport.staged`), so applying it is the flip
 * alone.
 */
export class GovernmentRowsService {
  constructor(private readonly deps: { models: Models }) {}

  /**
   * Deletes abandoned rosters: older than ABANDONED_AFTER_MS, and neither an item nor a ready import (a checked
   * roster waiting to be applied) points at them.
   */
  async sweep(now = new Date()): Promise<number> {
    const before = Types.ObjectId.createFromTime(Math.floor((now.getTime() - ABANDONED_AFTER_MS) / 1000))
    const ids: Types.ObjectId[] = await this.deps.models.GovernmentRow.distinct('rosterId', {
      rosterId: { $lt: before },
    })
    if (ids.length === 0) return 0
    const [items, imports] = await Promise.all([
      this.deps.models.GovernmentItem.find({ rosterId: { $in: ids } }, { rosterId: 1 }).lean(),
      this.deps.models.TableImport.find(
        { 'staged.rosterId': { $in: ids }, status: 'ready' },
        { staged: 1 },
      ).lean(),
    ])
    const used = new Set([
      ...items.map((g) => String(g.rosterId)),
      ...imports.map((i) => String(i.staged?.rosterId)),
    ])
    const abandoned = ids.filter((id) => !used.has(String(id)))
    if (abandoned.length === 0) return 0
    return (await this.deps.models.GovernmentRow.deleteMany({ rosterId: { $in: abandoned } })).deletedCount
  }

  private async loadVillage(
    rosterId: Types.ObjectId,
    villageCode: string,
    range?: { from: number; to: number },
  ): Promise<GovernmentRow[]> {
    return this.deps.models.GovernmentRow.find({
      rosterId,
      villageCode,
      ...(range ? { villageAt: { $gt: range.from - ROWS_PER_CHUNK, $lt: range.to } } : {}),
    })
      .sort({ seq: 1 })
      .lean()
  }

  /**
   * Starts a new roster whose rows arrive in any village order (an import sends them in sheet order, as they pass
   * their check), each village's rows in their own order. Every village has its open chunk; a chunk is inserted
   * once it is full, and when the open chunks together hold more than OPEN_BYTES they are all closed early (a
   * sheet that cycles through hundreds of villages then has smaller chunks), so a roster of any size is written
   * while holding a bounded number of rows. Nothing points at the roster until the caller flips an item to it;
   * `abort` deletes what was written.
   */
  openRoster(itemId: Types.ObjectId): RosterWriter {
    const rosterId = new Types.ObjectId()
    interface OpenVillage {
      summary: RosterVillage
      seq: number
      chunk: Row[]
      chunkBytes: number
    }
    const villages = new Map<string, OpenVillage>()
    let last: OpenVillage | null = null
    let openBytes = 0
    let at = 0
    let batch: Omit<GovernmentRow, '_id' | 'at'>[] = []
    let batchBytes = 0
    let failed = false
    const closeChunk = (v: OpenVillage) => {
      if (v.chunk.length === 0) return
      batch.push({
        rosterId,
        itemId,
        villageCode: v.summary.code,
        seq: v.seq,
        villageAt: v.summary.rows - v.chunk.length,
        rows: v.chunk,
      })
      batchBytes += v.chunkBytes
      openBytes -= v.chunkBytes
      v.seq++
      v.chunk = []
      v.chunkBytes = 0
    }
    const flush = async () => {
      // An abort while rows were being added: nothing more is written (abort waits for the write in flight).
      if (failed) throw new Error('roster write aborted')
      if (batch.length === 0) return
      const docs = batch
      batch = []
      batchBytes = 0
      await this.deps.models.GovernmentRow.insertMany(docs, { ordered: true, lean: true })
    }
    // The add or finish under way, which abort lets settle before it deletes (an insert that lands after the
    // delete would leave its chunk for the sweep).
    let inFlight: Promise<unknown> | null = null
    const guarded = <T>(step: () => Promise<T>): Promise<T> => {
      if (failed) return Promise.reject(new Error('roster write already failed'))
      const run = (async () => {
        try {
          return await step()
        } catch (err) {
          failed = true
          // Best effort: what a failed write left is unreferenced either way, and `sweep` would find it later.
          await this.deps.models.GovernmentRow.deleteMany({ rosterId }).catch(() => undefined)
          throw err
        }
      })()
      inFlight = run
      return run
    }
    return {
      rosterId,
      add: (rows, codes) =>
        guarded(async () => {
          for (let i = 0; i < rows.length; i++) {
            const code = codes[i]
            const row = rows[i]
            if (code === undefined || row === undefined) throw new Error(`row ${at} has no village`)
            let v = last !== null && last.summary.code === code ? last : villages.get(code)
            if (v === undefined) {
              v = { summary: { code, rows: 0 }, seq: 0, chunk: [], chunkBytes: 0 }
              villages.set(code, v)
            }
            last = v
            if (v.chunk.length >= ROWS_PER_CHUNK || (v.chunk.length > 0 && v.chunkBytes >= CHUNK_BYTES))
              closeChunk(v)
            const bytes = approxBytes(row)
            v.chunk.push(cellsOf(row))
            v.chunkBytes += bytes
            openBytes += bytes
            v.summary.rows++
            at++
            if (openBytes > OPEN_BYTES) for (const open of villages.values()) closeChunk(open)
            if (batchBytes >= INSERT_BYTES) await flush()
          }
        }),
      finish: () =>
        guarded(async () => {
          for (const open of villages.values()) closeChunk(open)
          await flush()
          const rosterVillages = [...villages.values()]
            .map((v) => v.summary)
            .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
          return { rosterId, rowCount: at, rosterVillages, villageCodes: rosterVillages.map((v) => v.code) }
        }),
      abort: async () => {
        failed = true
        batch = []
        villages.clear()
        await inFlight?.catch(() => undefined)
        await this.deps.models.GovernmentRow.deleteMany({ rosterId })
      },
    }
  }

  /**
   * Writes rows as a new roster (villages in code order, rows in their given order within a village) and
   * returns what the item must record. Nothing points at the roster until the caller flips an item to it.
   * @param villages the division code of each row (`villages[i]` for `rows[i]`)
   */
  async write(
    itemId: Types.ObjectId,
    rows: readonly TableRow[],
    villages: readonly string[],
  ): Promise<WrittenRoster> {
    rows.forEach((_, i) => {
      if (villages[i] === undefined) throw new Error(`row ${i} has no village`)
    })
    const writer = this.openRoster(itemId)
    for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
      await writer.add(
        rows.slice(start, start + ROWS_PER_CHUNK),
        villages.slice(start, start + ROWS_PER_CHUNK),
      )
    }
    return writer.finish()
  }

  /** Deletes a roster an item stopped pointing at, unless another version still points at it. */
  async release(rosterId: Types.ObjectId | null): Promise<void> {
    if (!rosterId) return
    if (await this.deps.models.GovernmentItem.exists({ rosterId })) return
    await this.deps.models.GovernmentRow.deleteMany({ rosterId })
  }

  /** The rows of one village in a government item, in roster order. */
  async rowsOfVillage(g: Pick<GovernmentItem, 'rosterId'>, villageCode: string): Promise<Row[]> {
    if (!g.rosterId) return []
    return (await this.loadVillage(g.rosterId, villageCode)).flatMap((c) => c.rows)
  }

  /** One page of rows: of one village, or of every village in code order. Null when the item has no rows. */
  async page(
    g: Pick<GovernmentItem, 'rosterId' | 'rowCount' | 'rosterVillages'>,
    query: { village?: string | null | undefined; offset: number; limit: number },
  ): Promise<RowsPage | null> {
    const { rosterId } = g
    if (!rosterId) return null
    const { offset, limit } = query
    const to = offset + limit
    if (query.village) {
      const total = g.rosterVillages.find((v) => v.code === query.village)?.rows ?? 0
      const chunks =
        offset < total ? await this.loadVillage(rosterId, query.village, { from: offset, to }) : []
      return { rows: rowsIn(chunks, offset, to), offset, limit, total }
    }
    // Every village in code order: the villages the page reaches follow from their row counts (the item's
    // rosterVillages), so the chunks need no roster-wide position and may have been written in any order.
    const reached: { code: string; from: number; to: number; all: boolean }[] = []
    let base = 0
    for (const v of g.rosterVillages) {
      const from = Math.max(offset - base, 0)
      const until = Math.min(to - base, v.rows)
      if (from < until) reached.push({ code: v.code, from, to: until, all: from === 0 && until === v.rows })
      base += v.rows
      if (base >= to) break
    }
    const whole = reached.filter((r) => r.all).map((r) => r.code)
    const [wholeChunks, ...partChunks] = await Promise.all([
      whole.length === 0
        ? Promise.resolve([])
        : this.deps.models.GovernmentRow.find({ rosterId, villageCode: { $in: whole } }).lean(),
      ...reached.filter((r) => !r.all).map((r) => this.loadVillage(rosterId, r.code, r)),
    ])
    const byVillage = new Map<string, GovernmentRow[]>()
    for (const c of [...wholeChunks, ...partChunks.flat()]) {
      const list = byVillage.get(c.villageCode) ?? []
      list.push(c)
      byVillage.set(c.villageCode, list)
    }
    const rows: Row[] = []
    for (const r of reached) {
      const chunks = (byVillage.get(r.code) ?? []).sort((a, b) => a.seq - b.seq)
      for (const row of rowsIn(chunks, r.from, r.to)) rows.push(row)
    }
    return { rows, offset, limit, total: g.rowCount }
  }

  /**
   * Moves rows that earlier versions kept inside the item documents (`rows`, `rowVillages`) into rosters, one
   * item at a time with the same write-then-flip; idempotent, run at start-up.
   */
  async migrateInlineRows(): Promise<number> {
    let moved = 0
    const legacy = this.deps.models.GovernmentItem.collection.find(
      { $or: [{ rows: { $exists: true } }, { rosterId: { $exists: false } }] },
      { projection: { _id: 1, rows: 1, rowVillages: 1, rosterId: 1 } },
    )
    for await (const doc of legacy) {
      const id = doc._id
      if (!(id instanceof Types.ObjectId)) continue
      const rows: unknown = doc.rows
      const villages: unknown = doc.rowVillages
      if (Array.isArray(rows) && Array.isArray(villages) && rows.length === villages.length) {
        const written = await this.write(id, rows, villages.map(String))
        const res = await this.deps.models.GovernmentItem.collection.updateOne(
          { _id: id, rows: { $exists: true } },
          {
            $set: {
              rosterId: written.rosterId,
              rowCount: written.rowCount,
              rosterVillages: written.rosterVillages,
              villageCodes: written.villageCodes,
            },
            $unset: { rows: '', rowVillages: '' },
          },
        )
        if (res.modifiedCount === 0)
          await this.deps.models.GovernmentRow.deleteMany({ rosterId: written.rosterId })
        else moved++
      } else if ('rosterId' in doc) {
        await this.deps.models.GovernmentItem.collection.updateOne(
          { _id: id },
          { $unset: { rows: '', rowVillages: '' } },
        )
      } else {
        await this.deps.models.GovernmentItem.collection.updateOne(
          { _id: id },
          {
            $set: { rosterId: null, rowCount: 0, rosterVillages: [] },
            $unset: { rows: '', rowVillages: '' },
          },
        )
      }
    }
    return moved
  }
}

/** Builds the service (the composition root and tests call this). */
export function createGovernmentRowsService(deps: { models: Models }): GovernmentRowsService {
  return new GovernmentRowsService(deps)
}
