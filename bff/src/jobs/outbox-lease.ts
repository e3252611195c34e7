/**
 * The outbox sender's claim and lease (steps 1 and the guarded writes of outbox-sender.job.ts): claiming a
 * batch of due messages under a per-round token, writing outcomes only while that token still holds, and
 * reading what a batch needs to know about its recipients.
 */
import type { Types } from 'mongoose'
import { OPEN_CONTENT_DISCLOSURE_STATUSES } from '@cunwu/domain'
import type { Models } from '../models'
import { disclosureOfPublicationKey } from '../services/disclosure-events.service'
import type { OutboxMessage } from '../models/Outbox.model'
import type { SubscriptionCredit } from '../models/SubscriptionCredit.model'

/** What a batch's messages need to know about their recipients, read once per batch. */
export interface BatchContext {
  openids: Map<string, string>
  credits: Map<string, SubscriptionCredit>
  /**
   * Event ids of the batch's publication messages (已公示, 已更新, 有您家内容) whose disclosure version is no longer open
   * to the public (retracted since): they are not sent (`skipped_withdrawn`).
   */
  withdrawn: Set<string>
}

/** The local credit a message can use: a long-term subscription, a one-time credit to take, or none. */
export type CreditChoice = { kind: 'unlimited' | 'none' } | { kind: 'one_time'; id: Types.ObjectId }

export interface OutboxLeaseOptions {
  models: Pick<Models, 'Outbox' | 'User' | 'SubscriptionCredit' | 'Disclosure'>
  /** Identifies this worker; each round's claim token starts with it. */
  owner: string
  leaseMs: number
  batchSize: number
  /** Called after each outcome is written (tests, metrics). */
  onProcessed?: (id: Types.ObjectId, result: string) => void
}

/** The lease operations of one sender. */
export interface OutboxLease {
  /** Claims up to a batch of due messages for this round; returns those this worker won. */
  claimBatch(): Promise<OutboxMessage[]>
  /** Writes an outcome if we still hold the lease. */
  record(m: OutboxMessage, set: Partial<OutboxMessage>, result: string): Promise<void>
  /** The recipients' openids and local credits of a batch, read in two queries instead of two per message. */
  batchContext(batch: OutboxMessage[]): Promise<BatchContext>
}

const EPOCH = new Date(0)

/** An empty batch context (nothing was claimed). */
export function emptyBatchContext(): BatchContext {
  return { openids: new Map(), credits: new Map(), withdrawn: new Set() }
}

/** Creates the claim/lease operations for one worker. */
export function createOutboxLease(options: OutboxLeaseOptions): OutboxLease {
  const { Outbox, User, SubscriptionCredit, Disclosure } = options.models
  const { owner, leaseMs, batchSize } = options
  let round = 0

  async function claimBatch(): Promise<OutboxMessage[]> {
    const now = new Date()
    const due = { status: 'pending' as const, nextAttemptAt: { $lte: now }, leaseUntil: { $lte: now } }
    const candidates = await Outbox.find(due).sort({ nextAttemptAt: 1 }).limit(batchSize).lean()
    if (candidates.length === 0) return []
    const token = `${owner}:${++round}`
    const leaseUntil = new Date(now.getTime() + leaseMs)
    const res = await Outbox.bulkWrite(
      candidates.map((c) => ({
        updateOne: { filter: { _id: c._id, ...due }, update: { $set: { leaseUntil, leaseOwner: token } } },
      })),
      { ordered: false },
    )
    const claimed = candidates.map((c) => ({ ...c, leaseUntil, leaseOwner: token }))
    if (res.modifiedCount === candidates.length) return claimed
    // Another worker won some of them: keep only the ones that carry our token.
    const won = await Promise.all(claimed.map((c) => Outbox.exists({ _id: c._id, leaseOwner: token })))
    return claimed.filter((_, i) => won[i] !== null)
  }

  async function record(m: OutboxMessage, set: Partial<OutboxMessage>, result: string): Promise<void> {
    await Outbox.updateOne(
      { _id: m._id, leaseOwner: m.leaseOwner },
      { $set: { leaseUntil: EPOCH, leaseOwner: null, ...set } },
    )
    options.onProcessed?.(m._id, result)
  }

  async function batchContext(batch: OutboxMessage[]): Promise<BatchContext> {
    const userIds = [...new Map(batch.map((m) => [m.userId.toHexString(), m.userId])).values()]
    const templateIds = [...new Set(batch.map((m) => m.templateId))]
    const announced = new Map<string, string>()
    for (const m of batch) {
      const disclosureId = disclosureOfPublicationKey(m.eventId)
      if (disclosureId) announced.set(m.eventId, disclosureId)
    }
    const [users, credits, closed] = await Promise.all([
      User.find({ _id: { $in: userIds } }, { openid: 1 }).lean(),
      SubscriptionCredit.find({ userId: { $in: userIds }, templateId: { $in: templateIds } }).lean(),
      announced.size > 0
        ? Disclosure.find(
            {
              _id: { $in: [...new Set(announced.values())] },
              status: { $nin: [...OPEN_CONTENT_DISCLOSURE_STATUSES] },
            },
            { _id: 1 },
          ).lean()
        : [],
    ])
    const closedIds = new Set(closed.map((d) => d._id.toHexString()))
    return {
      openids: new Map(users.map((u) => [u._id.toHexString(), u.openid])),
      credits: new Map(credits.map((c) => [`${c.userId.toHexString()}|${c.templateId}`, c])),
      withdrawn: new Set([...announced].filter(([, id]) => closedIds.has(id)).map(([key]) => key)),
    }
  }

  return { claimBatch, record, batchContext }
}

/**
 * What local credit a message can use. Read at the start of the batch: when two messages of one user compete
 * for the last credit, the conditional decrement before the send lets only one of them through.
 */
export function creditFor(m: OutboxMessage, ctx: BatchContext): CreditChoice {
  const credit = ctx.credits.get(`${m.userId.toHexString()}|${m.templateId}`)
  if (!credit) return { kind: 'none' }
  if (credit.unlimited) return { kind: 'unlimited' }
  return credit.credits > 0 ? { kind: 'one_time', id: credit._id } : { kind: 'none' }
}
