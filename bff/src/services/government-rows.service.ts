import { Types } from 'mongoose'
import type { CellValue, TableRow } from '@cunwu/domain'
import { rosterOrder } from '@cunwu/domain'
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

/** A roster being written from rows that arrive in roster order (`openRoster`). */
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
   * Starts a new roster whose rows arrive in roster order: villages in code order, each village's rows together
   * and in their order (an import's worker sends them so). Chunks are inserted as they fill, so a roster of any
   * size is written while holding about one insert's worth of rows. Nothing points at the roster until the caller
   * flips an item to it; `abort` deletes what was written.
   */
  openRoster(itemId: Types.ObjectId): RosterWriter {
    const rosterId = new Types.ObjectId()
    const rosterVillages: RosterVillage[] = []
    let village: RosterVillage | null = null
    let chunk: Row[] = []
    let chunkBytes = 0
    let seq = 0
    let at = 0
    let batch: Omit<GovernmentRow, '_id'>[] = []
    let batchBytes = 0
    let failed = false
    const closeChunk = () => {
      if (!village || chunk.length === 0) return
      batch.push({
        rosterId,
        itemId,
        villageCode: village.code,
        seq,
        villageAt: village.rows - chunk.length,
        at: at - chunk.length,
        rows: chunk,
      })
      batchBytes += chunkBytes
      seq++
      chunk = []
      chunkBytes = 0
    }
    const flush = async () => {
      if (batch.length === 0) return
      const docs = batch
      batch = []
      batchBytes = 0
      await this.deps.models.GovernmentRow.insertMany(docs, { ordered: true, lean: true })
    }
    const guarded = async <T>(step: () => Promise<T>): Promise<T> => {
      if (failed) throw new Error('roster write already failed')
      try {
        return await step()
      } catch (err) {
        failed = true
        // Best effort: what a failed write left is unreferenced either way, and `sweep` would find it later.
        await this.deps.models.GovernmentRow.deleteMany({ rosterId }).catch(() => undefined)
        throw err
      }
    }
    return {
      rosterId,
      add: (rows, villages) =>
        guarded(async () => {
          for (let i = 0; i < rows.length; i++) {
            const code = villages[i]
            const row = rows[i]
            if (code === undefined || row === undefined) throw new Error(`row ${at} has no village`)
            if (!village || code !== village.code) {
              if (village && code < village.code)
                throw new Error(`rows out of roster order: ${code} after ${village.code}`)
              closeChunk()
              village = { code, rows: 0 }
              rosterVillages.push(village)
              seq = 0
            }
            if (chunk.length >= ROWS_PER_CHUNK || (chunk.length > 0 && chunkBytes >= CHUNK_BYTES))
              closeChunk()
            chunk.push(cellsOf(row))
            chunkBytes += approxBytes(row)
            village.rows++
            at++
            if (batchBytes >= INSERT_BYTES) await flush()
          }
        }),
      finish: () =>
        guarded(async () => {
          closeChunk()
          await flush()
          return { rosterId, rowCount: at, rosterVillages, villageCodes: rosterVillages.map((v) => v.code) }
        }),
      abort: async () => {
        failed = true
        batch = []
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
    const order = rosterOrder(villages)
    const writer = this.openRoster(itemId)
    for (let start = 0; start < order.length; start += ROWS_PER_CHUNK) {
      const slice = order.slice(start, start + ROWS_PER_CHUNK)
      await writer.add(
        slice.map((i) => rows[i] ?? {}),
        slice.map((i) => villages[i] ?? ''),
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
    if (!g.rosterId) return null
    const { offset, limit } = query
    const to = offset + limit
    let chunks: GovernmentRow[]
    let total: number
    let startOf: (c: GovernmentRow) => number
    if (query.village) {
      total = g.rosterVillages.find((v) => v.code === query.village)?.rows ?? 0
      chunks = offset < total ? await this.loadVillage(g.rosterId, query.village, { from: offset, to }) : []
      startOf = (c) => c.villageAt
    } else {
      total = g.rowCount
      // A chunk holds at most ROWS_PER_CHUNK rows, so one starting that far before the page cannot reach it.
      chunks =
        offset < total
          ? await this.deps.models.GovernmentRow.find({
              rosterId: g.rosterId,
              at: { $gt: offset - ROWS_PER_CHUNK, $lt: to },
            })
              .sort({ at: 1 })
              .lean()
          : []
      startOf = (c) => c.at
    }
    const rows: Row[] = []
    for (const c of chunks) {
      const first = startOf(c)
      rows.push(...c.rows.slice(Math.max(0, offset - first), Math.max(0, to - first)))
    }
    return { rows, offset, limit, total }
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
