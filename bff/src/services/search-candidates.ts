import type { QueryFilter } from 'mongoose'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'

/** A search candidate as ranking (its title, body and category tokens) and the list's presenter read it. */
export type SearchCandidate = Readonly<Omit<Disclosure, 'rows' | 'searchTokens' | 'householdKeys'>>

/**
 * What a candidate is read with: no rows, and neither the union of the tokens (`searchTokens`, which only finds
 * the candidates) nor the households' keys.
 */
const CANDIDATE_PROJECTION = { rows: 0, searchTokens: 0, householdKeys: 0 } as const

/** Most candidates kept per instance (some 3 KB each, their tokens included); past it the memory starts over. */
export const MAX_CANDIDATES_KEPT = 5_000

/**
 * The documents a search ranks, read in two steps: the matching documents' ids and revisions (small), then only
 * those this instance does not hold at that revision. A search is loaded again after every change in its region
 * (PublicReadCache), and a change alters one or two of its up to 500 candidates: the others come from here, not
 * from the database. A copy is kept by `revision`, which every update raises (Disclosure.model.ts), so an edit
 * through any instance is read again.
 */
export class SearchCandidates {
  private readonly kept = new Map<string, { revision: number; doc: SearchCandidate }>()
  /** Documents read in full by the last `load` (for tests and benchmarks). */
  lastRead = 0

  constructor(
    private readonly model: Models['Disclosure'],
    private readonly maxKept = MAX_CANDIDATES_KEPT,
  ) {}

  /** The documents matching `filter`, newest publication first, at most `limit`. */
  async load(filter: QueryFilter<Disclosure>, limit: number): Promise<SearchCandidate[]> {
    const heads = await this.model
      .find(filter, { _id: 1, revision: 1 })
      .sort({ publishedAt: -1 })
      .limit(limit)
      // Every head in one answer, not 101 and then the rest.
      .batchSize(limit)
      .lean()
    const found = new Map<string, SearchCandidate>()
    const missing: Disclosure['_id'][] = []
    for (const head of heads) {
      const id = head._id.toHexString()
      const kept = this.kept.get(id)
      if (kept && kept.revision === (head.revision ?? 0)) found.set(id, kept.doc)
      else missing.push(head._id)
    }
    this.lastRead = missing.length
    if (missing.length > 0) {
      // The same filter: a document withdrawn since the first step is no longer a candidate.
      const fresh: SearchCandidate[] = await this.model
        .find({ $and: [filter, { _id: { $in: missing } }] }, CANDIDATE_PROJECTION)
        .lean()
      if (this.kept.size + fresh.length > this.maxKept) this.kept.clear()
      for (const doc of fresh) {
        // Shared by every search that ranks it from now on: frozen, so that none can alter it for the others.
        Object.freeze(doc)
        const id = doc._id.toHexString()
        found.set(id, doc)
        this.kept.set(id, { revision: doc.revision ?? 0, doc })
      }
    }
    return heads.flatMap((head) => {
      const doc = found.get(head._id.toHexString())
      return doc ? [doc] : []
    })
  }
}
