import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { ALIGNMENT_VERSION } from '@cunwu/alignment'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'
import type { JobLease } from '../models/JobLease.model'
import type { AlignmentsService } from './alignments.service'

/** The sweep's lease document in `jobleases`. */
export const ALIGNMENT_RULES_SWEEP = 'alignment-rules-sweep'

const EPOCH = new Date(0)

/** How much one pass does (docs/catalog.md, "When the comparison rules change"). */
export interface AlignmentRulesSweepOptions {
  /** Alignments recomputed between two pauses. @default 20 */
  batchSize?: number
  /** Pause after each batch, in ms, so the recomputes leave the machine to the requests. @default 1000 */
  pauseMs?: number
  /** Work of one pass, in ms: after it the lease is let go and the next pass continues. @default 240000 */
  passMs?: number
  /** The lease, renewed after each batch; a crashed holder's lapses after it. @default 120000 */
  leaseMs?: number
}

/** What one pass did. */
export interface AlignmentRulesSweepPass {
  /** Alignments recomputed in this pass. */
  recomputed: number
  /** Every alignment stored under an older rules version has been visited once. */
  done: boolean
  /** Another instance held the lease: this pass did nothing. */
  busy: boolean
}

type Progress = NonNullable<JobLease['progress']>

/**
 * Recomputes, a batch at a time, the alignments stored under an older `ALIGNMENT_VERSION` (the comparison rules
 * changed): `AlignmentsService.recompute` keeps the township's verification where the result is the same and
 * drops it (telling the village and the township as for any changed comparison) where it is not. One instance at
 * a time holds the sweep's lease; the walk goes in `_id` order from its checkpoint, so each alignment is visited
 * once per rules version (also one the recompute leaves as it was, an item no longer compared), and once it has
 * reached the end it does nothing until the version changes again.
 */
export class AlignmentRulesSweep {
  constructor(private readonly deps: { models: Models; alignments: Pick<AlignmentsService, 'recompute'> }) {}

  async run(options: AlignmentRulesSweepOptions = {}): Promise<AlignmentRulesSweepPass> {
    const { batchSize = 20, pauseMs = 1000, passMs = 240_000, leaseMs = 120_000 } = options
    const { Alignment, JobLease: Leases } = this.deps.models
    const known = await Leases.findById(ALIGNMENT_RULES_SWEEP, { progress: 1 }).lean()
    if (known?.progress?.version === ALIGNMENT_VERSION && known.progress.done)
      return { recomputed: 0, done: true, busy: false }
    const owner = randomUUID()
    const lease = await this.claim(owner, leaseMs)
    if (!lease) return { recomputed: 0, done: false, busy: true }
    let progress: Progress =
      lease.progress?.version === ALIGNMENT_VERSION
        ? lease.progress
        : { version: ALIGNMENT_VERSION, after: null, done: false }
    let recomputed = 0
    const started = Date.now()
    try {
      while (!progress.done && Date.now() - started < passMs) {
        const batch = await Alignment.find(
          {
            alignmentVersion: { $ne: ALIGNMENT_VERSION },
            ...(progress.after ? { _id: { $gt: progress.after } } : {}),
          },
          { villageCode: 1, catalogItemId: 1, period: 1 },
        )
          .sort({ _id: 1 })
          .limit(batchSize)
          .lean()
        for (const a of batch) {
          // A failure ends the pass here; the next pass starts again with this alignment.
          await this.deps.alignments.recompute(a.villageCode, a.catalogItemId, a.period)
          recomputed += 1
          progress = { ...progress, after: a._id }
        }
        if (batch.length < batchSize) progress = { ...progress, done: true }
        const renewed = await Leases.updateOne(
          { _id: ALIGNMENT_RULES_SWEEP, owner },
          { $set: { progress, leaseUntil: new Date(Date.now() + leaseMs) } },
        )
        // The lease lapsed during the batch and another instance took over: it continues the walk.
        if (renewed.matchedCount === 0) return { recomputed, done: false, busy: true }
        if (!progress.done && pauseMs > 0) await sleep(pauseMs)
      }
    } finally {
      await Leases.updateOne(
        { _id: ALIGNMENT_RULES_SWEEP, owner },
        { $set: { progress, owner: null, leaseUntil: EPOCH } },
      )
    }
    return { recomputed, done: progress.done, busy: false }
  }

  /** Takes the sweep's lease when nobody holds it (or a holder's has lapsed); null when another instance does. */
  private async claim(owner: string, leaseMs: number): Promise<JobLease | null> {
    const now = new Date()
    try {
      return await this.deps.models.JobLease.findOneAndUpdate(
        { _id: ALIGNMENT_RULES_SWEEP, leaseUntil: { $lte: now } },
        {
          $set: { owner, leaseUntil: new Date(now.getTime() + leaseMs) },
          $setOnInsert: { progress: null },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean()
    } catch (err) {
      // Held: the filter found no lapsed lease and the insert met the holder's document.
      if (isDuplicateKey(err)) return null
      throw err
    }
  }
}
