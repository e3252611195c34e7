import type { QueryFilter } from 'mongoose'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'

/**
 * A disclosure as the village feed and search read it: what the presenter shows, and the title, body and category
 * tokens search ranks by.
 */
export type KeptDisclosure = Readonly<Omit<Disclosure, 'rows' | 'searchTokens' | 'householdKeys'>>

/**
 * What a kept disclosure is read with: no rows, and neither the union of the tokens (`searchTokens`, which only
 * finds search candidates) nor the households' keys.
 */
const KEPT_PROJECTION = { rows: 0, searchTokens: 0, householdKeys: 0 } as const

/** Most disclosures kept per instance, and most memory they may take (see `approximateBytes`); past either, the least recently used go. */
export const MAX_DISCLOSURES_KEPT = 5_000
export const MAX_KEPT_BYTES = 32 * 1024 * 1024

/**
 * A generous estimate of a kept disclosure's size in the heap: a fixed part for its fields, its texts in UTF-16, and
 * for each token a pointer and a short string of its own (strings read from the database are not shared).
 */
function approximateBytes(doc: KeptDisclosure): number {
  const tokens = doc.titleTokens.length + doc.bodyTokens.length + doc.categoryTokens.length
  const interpretation = doc.interpretation == null ? 0 : (JSON.stringify(doc.interpretation)?.length ?? 0)
  return 2_048 + 2 * (doc.title.length + doc.body.length + interpretation) + 48 * tokens
}

/**
 * The disclosures a village feed lists and a search ranks, read in two steps: the matching documents' ids and
 * write counts (small), then only those this instance does not hold at that count. A feed (up to 200 items) and a
 * search (up to 500 candidates) are loaded again after every change in their region (PublicReadCache), and a change
 * alters one or two of their documents: the others come from here, not from the database. A copy is kept by
 * `writes`, which every update raises (Disclosure.model.ts), so a change through any instance is read again, a
 * background one too (re-derived search tokens, which leave `revision` as it was). Feeds and searches of a region
 * share the copies.
 */
export class KeptDisclosures {
  /** Copies by id, least recently used first (a copy used again moves to the end). */
  private readonly kept = new Map<string, { writes: number; doc: KeptDisclosure; bytes: number }>()
  private keptBytes = 0
  /** Documents read in full by the last `load` (for tests and benchmarks). */
  lastRead = 0

  constructor(
    private readonly model: Models['Disclosure'],
    private readonly maxKept = MAX_DISCLOSURES_KEPT,
    private readonly maxBytes = MAX_KEPT_BYTES,
  ) {}

  /** The documents matching `filter`, newest publication first, at most `limit`. */
  async load(filter: QueryFilter<Disclosure>, limit: number): Promise<KeptDisclosure[]> {
    const heads = await this.model
      .find(filter, { _id: 1, writes: 1 })
      .sort({ publishedAt: -1 })
      .limit(limit)
      // Every head in one answer, not 101 and then the rest.
      .batchSize(limit)
      .lean()
    const found = new Map<string, KeptDisclosure>()
    const missing: Disclosure['_id'][] = []
    for (const head of heads) {
      const id = head._id.toHexString()
      const kept = this.kept.get(id)
      if (kept && kept.writes === (head.writes ?? 0)) {
        found.set(id, kept.doc)
        this.kept.delete(id)
        this.kept.set(id, kept)
      } else missing.push(head._id)
    }
    this.lastRead = missing.length
    if (missing.length > 0) {
      // The same filter: a document withdrawn since the first step no longer matches.
      const fresh: KeptDisclosure[] = await this.model
        .find({ $and: [filter, { _id: { $in: missing } }] }, KEPT_PROJECTION)
        .lean()
      for (const doc of fresh) {
        const id = doc._id.toHexString()
        found.set(id, doc)
        this.keep(id, doc)
      }
    }
    return heads.flatMap((head) => {
      const doc = found.get(head._id.toHexString())
      return doc ? [doc] : []
    })
  }

  /**
   * Keeps a copy read in full, replacing an older one, then gives up the least recently used copies until
   * both bounds hold again: the villages and regions read most keep theirs when a county's many others pass through.
   */
  private keep(id: string, doc: KeptDisclosure): void {
    const bytes = approximateBytes(doc)
    const before = this.kept.get(id)
    if (before) {
      this.kept.delete(id)
      this.keptBytes -= before.bytes
    }
    // A copy larger than the whole bound is served, not kept.
    if (bytes > this.maxBytes) return
    // Shared by every feed and search that reads it from now on: frozen, so that none can alter it for the others.
    Object.freeze(doc)
    this.kept.set(id, { writes: doc.writes ?? 0, doc, bytes })
    this.keptBytes += bytes
    for (const [oldest, entry] of this.kept) {
      if (this.kept.size <= this.maxKept && this.keptBytes <= this.maxBytes) break
      this.kept.delete(oldest)
      this.keptBytes -= entry.bytes
    }
  }
}
