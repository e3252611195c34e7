/**
 * The outbox sender's step for one claimed message (steps 2-5 of outbox-sender.job.ts): settle an earlier
 * send that got no answer, take a local credit, mark the message in flight, send it and record the outcome.
 */
import type { Models } from '../models'
import type { OutboxMessage } from '../models/Outbox.model'
import type { DeliveryChecker, SendOutcome, WechatSubscribeClient } from '../clients/wechat-subscribe.client'
import type { BatchContext, OutboxLease } from './outbox-lease'
import { creditFor } from './outbox-lease'
import type { TokenBucket } from './token-bucket'

/** How sends without an answer are settled (see outbox-sender.job.ts). */
export type AmbiguityPolicy = 'at_most_once' | 'verify_sim'

export interface SendOneOptions {
  models: Pick<Models, 'Outbox' | 'SubscriptionCredit'>
  lease: Pick<OutboxLease, 'record'>
  bucket: TokenBucket
  client: WechatSubscribeClient
  ambiguity: AmbiguityPolicy
  checkDelivery?: DeliveryChecker | null
  maxAttempts: number
  /** First retry delay in ms (doubled per attempt, jittered, capped at 10 minutes). */
  backoffMs: number
  /** How long to wait before verifying a timed-out send. */
  settleMs: number
  miniprogramState: 'developer' | 'trial' | 'formal'
}

const MAX_BACKOFF_MS = 10 * 60 * 1000

/** The jittered exponential delay before attempt `attempts + 1`. */
export function backoffDelay(attempts: number, backoffMs: number): number {
  const cap = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.max(0, attempts - 1))
  return Math.round(cap / 2 + (Math.random() * cap) / 2)
}

/** Creates the function that processes one claimed message. */
export function createSendOne(
  options: SendOneOptions,
): (m: OutboxMessage, ctx: BatchContext) => Promise<void> {
  const { Outbox, SubscriptionCredit } = options.models
  const { record } = options.lease

  async function refundCredit(m: OutboxMessage, creditTaken: boolean): Promise<void> {
    if (!creditTaken) return
    await SubscriptionCredit.updateOne(
      { userId: m.userId, templateId: m.templateId, unlimited: false },
      { $inc: { credits: 1 }, $set: { updatedAt: new Date() } },
    )
  }

  async function settleRejected(
    m: OutboxMessage,
    outcome: Extract<SendOutcome, { kind: 'rejected' }>,
    creditTaken: boolean,
  ): Promise<void> {
    if (outcome.errcode === 43101) {
      // WeChat has no credit for this user and template: our count was wrong, so it starts again from zero.
      await SubscriptionCredit.updateOne(
        { userId: m.userId, templateId: m.templateId },
        { $set: { credits: 0, unlimited: false, updatedAt: new Date() } },
      )
      const set = {
        status: 'skipped_no_credit',
        inflight: false,
        errcode: 43101,
        error: outcome.errmsg,
      } as const
      return record(m, set, 'skipped_no_credit')
    }
    await refundCredit(m, creditTaken)
    return record(
      m,
      { status: 'failed', inflight: false, errcode: outcome.errcode, error: outcome.errmsg },
      'failed',
    )
  }

  async function settleTransient(
    m: OutboxMessage,
    outcome: Extract<SendOutcome, { kind: 'transient' }>,
    attempts: number,
    creditTaken: boolean,
  ): Promise<void> {
    if (attempts >= options.maxAttempts) {
      await refundCredit(m, creditTaken)
      const error = `gave up after ${attempts} attempts: ${outcome.reason}`
      return record(m, { status: 'failed', inflight: false, errcode: outcome.errcode, error }, 'failed')
    }
    const nextAttemptAt = new Date(Date.now() + backoffDelay(attempts, options.backoffMs))
    const set = { nextAttemptAt, errcode: outcome.errcode, error: outcome.reason }
    return record(m, { status: 'pending', inflight: false, ...set }, 'retry')
  }

  function settleAmbiguous(
    m: OutboxMessage,
    outcome: Extract<SendOutcome, { kind: 'ambiguous' }>,
  ): Promise<void> {
    if (options.ambiguity === 'at_most_once') {
      const error = `no answer, not resent (at-most-once): ${outcome.reason}`
      return record(m, { status: 'ambiguous', inflight: false, errcode: null, error }, 'ambiguous')
    }
    // Stays in flight: the next claim, after the request had time to finish, asks whether it was delivered.
    const nextAttemptAt = new Date(Date.now() + options.settleMs)
    return record(
      m,
      { status: 'pending', nextAttemptAt, errcode: null, error: `no answer: ${outcome.reason}` },
      'verify',
    )
  }

  function settleOutcome(m: OutboxMessage, outcome: SendOutcome, attempts: number, creditTaken: boolean) {
    switch (outcome.kind) {
      case 'sent': {
        const set = { msgid: outcome.msgid, sentAt: new Date(), errcode: null, error: null }
        return record(m, { status: 'sent', inflight: false, ...set }, 'sent')
      }
      case 'rejected':
        return settleRejected(m, outcome, creditTaken)
      case 'transient':
        return settleTransient(m, outcome, attempts, creditTaken)
      case 'ambiguous':
        return settleAmbiguous(m, outcome)
    }
  }

  return async function processOne(m: OutboxMessage, ctx: BatchContext): Promise<void> {
    const openid = ctx.openids.get(m.userId.toHexString())
    if (openid === undefined) {
      return record(m, { status: 'failed', inflight: false, error: 'recipient no longer exists' }, 'failed')
    }

    if (m.inflight) {
      // An earlier request may have reached WeChat (timeout, or a worker died mid-send).
      if (options.ambiguity === 'at_most_once' || !options.checkDelivery) {
        const error = 'an earlier send got no answer; not resent (at-most-once)'
        return record(m, { status: 'ambiguous', inflight: false, error }, 'ambiguous')
      }
      const check = await options.checkDelivery({ openid, templateId: m.templateId, page: m.page })
      if (check.delivered) {
        const set = { msgid: check.msgid, sentAt: new Date(), errcode: null, error: null }
        return record(m, { status: 'sent', inflight: false, ...set }, 'sent')
      }
    }

    if (ctx.withdrawn.has(m.eventId)) {
      // The version it announces was retracted before it left: a push would open a withdrawn page and spend a
      // villager's one-time credit; the retraction's own message tells them. A credit an earlier attempt took is given back.
      await refundCredit(m, m.creditTaken)
      const error = 'not sent: the disclosure version was retracted before the message left'
      const set = {
        status: 'skipped_withdrawn',
        inflight: false,
        creditTaken: false,
        errcode: null,
        error,
      } as const
      return record(m, set, 'skipped_withdrawn')
    }

    const credit = m.creditTaken ? null : creditFor(m, ctx)
    const noCredit = {
      status: 'skipped_no_credit' as const,
      inflight: false,
      creditTaken: false,
      errcode: null,
      error: 'no send credit (counted locally)',
    }
    if (credit?.kind === 'none') return record(m, noCredit, 'skipped_no_credit')
    const creditTaken = m.creditTaken || credit?.kind === 'one_time'

    await options.bucket.take()
    // One write records both intents before anything else happens: the credit is ours (so a crash before the
    // decrement leaves our count one too high, which a 43101 corrects, never too low) and the send may start.
    const marked = await Outbox.updateOne(
      { _id: m._id, leaseOwner: m.leaseOwner, leaseUntil: { $gt: new Date() } },
      { $set: { inflight: true, creditTaken }, $inc: { attempts: 1 } },
    )
    // The lease lapsed before the send: another worker owns the message now (and its credit).
    if (marked.modifiedCount === 0) return
    if (credit?.kind === 'one_time') {
      const taken = await SubscriptionCredit.updateOne(
        { _id: credit.id, credits: { $gt: 0 } },
        { $inc: { credits: -1 }, $set: { updatedAt: new Date() } },
      )
      // Another message of this user took the last credit meanwhile: nothing was sent.
      if (taken.modifiedCount === 0) return record(m, noCredit, 'skipped_no_credit')
    }
    const outcome = await options.client.send({
      touser: openid,
      templateId: m.templateId,
      page: m.page,
      data: m.data,
      miniprogramState: options.miniprogramState,
    })
    await settleOutcome(m, outcome, m.attempts + 1, creditTaken)
  }
}
