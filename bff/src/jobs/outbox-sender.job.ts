/**
 * The outbox sender: pushes queued WeChat subscribe messages, each at most once.
 *
 * How a message moves, and why nothing is sent twice:
 * 0. Written: events told to named people write their messages when recorded; events told to followers are
 *    turned into messages here, a page of followers per round, by the event expander (event-expander.ts).
 * 1. Claim: one bulk write of conditional updates, one per due `pending` message whose lease has lapsed, sets
 *    `leaseUntil` and a claim token unique to this round (`leaseOwner`), the "due and unleased" condition
 *    repeated in each filter. Each update is atomic, so a message goes to exactly one claimer, as with a
 *    `findOneAndUpdate` per message, but the batch costs one round trip and one storage flush (the durable
 *    embedded engine pays ~10-20 ms per flush). Every later write is guarded by that token.
 * 2. Credit: a local send credit is taken (or the long-term subscription found); none → `skipped_no_credit`
 *    without calling WeChat. The inbox entry stays either way. `creditTaken` is written (with `inflight`)
 *    before the count is decremented, so a retry never takes a second credit and a crash never loses one.
 * 3. In flight: `inflight: true` is written (guarded by our lease) BEFORE the request leaves.
 * 4. Send, then record the outcome (guarded by our lease): sent; 43101 → skipped_no_credit (and our count is
 *    zeroed); other errcodes → failed; 5xx, -1, 45009/45011, token trouble, refused connections → pending again
 *    with exponential backoff (nothing was delivered).
 * 5. Ambiguous (a timeout or reset: WeChat may have delivered): `inflight` stays true. A message found in flight
 *    when claimed again (after a timeout, or after a worker died mid-send) is never blindly resent:
 *    - `at_most_once` (production): WeChat cannot be asked, so it is recorded as `ambiguous` and not resent.
 *      A villager may miss one push; the inbox entry is still there.
 *    - `verify_sim` (simulator only): the simulator is asked whether a message with this page (which carries
 *      the outbox id) was delivered; delivered → sent, otherwise sent now. This gives exactly-once across kills.
 */
import { randomUUID } from 'node:crypto'
import type { Types } from 'mongoose'
import type { Logger } from '../logger'
import type { Models } from '../models'
import type { OutboxMessage } from '../models/Outbox.model'
import type { SubscriptionCredit } from '../models/SubscriptionCredit.model'
import type { DeliveryChecker, SendOutcome, WechatSubscribeClient } from '../clients/wechat-subscribe.client'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { createEventExpander } from './event-expander'
import type { Config } from '../config'
import type { Services } from '../services'

/** How sends without an answer are settled (see the module comment). */
export type AmbiguityPolicy = 'at_most_once' | 'verify_sim'

export interface OutboxSenderOptions {
  models: Pick<Models, 'Outbox' | 'User' | 'SubscriptionCredit' | 'NotificationEvent' | 'Subscription'>
  client: WechatSubscribeClient
  logger: Logger
  /** Sends per second (token bucket). */
  ratePerSecond: number
  /** Sends in flight at once. @default 4 */
  concurrency?: number
  /** Messages claimed per round (capped so a batch finishes well inside its lease). @default 50 */
  batchSize?: number
  /** Seconds a claim holds a message. @default 60 */
  leaseSeconds?: number
  /** Attempts before `failed`. @default 8 */
  maxAttempts?: number
  /** First retry delay in ms (doubled per attempt, jittered, capped at 10 minutes). @default 2000 */
  backoffMs?: number
  /** Followers whose messages are written per round when an event told to followers is expanded. @default 2000 */
  expandPageSize?: number
  /** Idle poll interval in ms. @default 1000 */
  pollMs?: number
  ambiguity: AmbiguityPolicy
  /** Required for `verify_sim`. */
  checkDelivery?: DeliveryChecker | null
  /** How long to wait before verifying a timed-out send (the request may still be in progress). @default 5000 */
  settleMs?: number
  miniprogramState: 'developer' | 'trial' | 'formal'
  /** Identifies this worker in leases. @default a random UUID */
  owner?: string
  /** Called after each message is settled or rescheduled (tests, metrics). */
  onProcessed?: (id: Types.ObjectId, result: string) => void
}

/** The background sender. */
export interface OutboxSender {
  /** Starts the loop (idempotent). */
  start(): void
  /** Stops after the current batch. */
  stop(): Promise<void>
  /** Writes one page of an event's messages (if any waits), claims one batch and processes it; returns the work done (0: none). */
  runOnce(): Promise<number>
  /** Runs batches until no message is due (tests and benches). */
  drain(): Promise<number>
  /** Wakes an idle loop (new messages were queued). */
  wake(): void
}

/** A token bucket: `take()` resolves when a send may start; takers are served in order. */
export class TokenBucket {
  private tokens: number
  private last: number
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst = 1,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Waits for one token. */
  take(): Promise<void> {
    const next = this.queue.then(() => this.acquire())
    this.queue = next
    return next
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const now = this.now()
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond)
      this.last = now
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000))
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** What a batch's messages need to know about their recipients, read once per batch. */
interface BatchContext {
  openids: Map<string, string>
  credits: Map<string, SubscriptionCredit>
}

const MAX_BACKOFF_MS = 10 * 60 * 1000
const EPOCH = new Date(0)

/** Creates the sender; call `start()` for the background loop or `drain()` to run it to completion. */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { Outbox, User, SubscriptionCredit } = options.models
  const owner = options.owner ?? randomUUID()
  const concurrency = options.concurrency ?? 4
  const leaseMs = (options.leaseSeconds ?? 60) * 1000
  // The last message of a batch waits batch/rate seconds for its turn: keep that under a quarter of the lease.
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 50, Math.floor((options.ratePerSecond * leaseMs) / 4000)))
  const maxAttempts = options.maxAttempts ?? 8
  const backoffMs = options.backoffMs ?? 2000
  const pollMs = options.pollMs ?? 1000
  const settleMs = options.settleMs ?? 5000
  const bucket = new TokenBucket(options.ratePerSecond)
  const log = options.logger.child({ job: 'outbox-sender', owner })
  if (options.ambiguity === 'verify_sim' && !options.checkDelivery) throw new Error('verify_sim needs checkDelivery')
  const expander = createEventExpander({ models: options.models, owner, leaseMs, pageSize: options.expandPageSize })

  let running = false
  let loop: Promise<void> | null = null
  let wakeUp: (() => void) | null = null

  let round = 0

  /** Claims up to a batch of due messages for this round; returns those this worker won. */
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

  /** Writes an outcome if we still hold the lease. */
  async function record(m: OutboxMessage, set: Partial<OutboxMessage>, result: string): Promise<void> {
    await Outbox.updateOne(
      { _id: m._id, leaseOwner: m.leaseOwner },
      { $set: { leaseUntil: EPOCH, leaseOwner: null, ...set } },
    )
    options.onProcessed?.(m._id, result)
  }

  async function refundCredit(m: OutboxMessage, creditTaken: boolean): Promise<void> {
    if (!creditTaken) return
    await SubscriptionCredit.updateOne(
      { userId: m.userId, templateId: m.templateId, unlimited: false },
      { $inc: { credits: 1 }, $set: { updatedAt: new Date() } },
    )
  }

  /** The recipients' openids and local credits of a batch, read in two queries instead of two per message. */
  async function batchContext(batch: OutboxMessage[]): Promise<BatchContext> {
    const userIds = [...new Map(batch.map((m) => [m.userId.toHexString(), m.userId])).values()]
    const templateIds = [...new Set(batch.map((m) => m.templateId))]
    const [users, credits] = await Promise.all([
      User.find({ _id: { $in: userIds } }, { openid: 1 }).lean(),
      SubscriptionCredit.find({ userId: { $in: userIds }, templateId: { $in: templateIds } }).lean(),
    ])
    return {
      openids: new Map(users.map((u) => [u._id.toHexString(), u.openid])),
      credits: new Map(credits.map((c) => [`${c.userId.toHexString()}|${c.templateId}`, c])),
    }
  }

  /**
   * What local credit a message can use: a long-term subscription, a one-time credit to take, or none. Read at
   * the start of the batch: when two messages of one user compete for the last credit, the conditional
   * decrement before the send lets only one of them through.
   */
  function creditFor(m: OutboxMessage, ctx: BatchContext): { kind: 'unlimited' | 'none' } | { kind: 'one_time'; id: Types.ObjectId } {
    const credit = ctx.credits.get(`${m.userId.toHexString()}|${m.templateId}`)
    if (!credit) return { kind: 'none' }
    if (credit.unlimited) return { kind: 'unlimited' }
    return credit.credits > 0 ? { kind: 'one_time', id: credit._id } : { kind: 'none' }
  }

  function backoff(attempts: number): number {
    const cap = Math.min(MAX_BACKOFF_MS, backoffMs * 2 ** Math.max(0, attempts - 1))
    return Math.round(cap / 2 + (Math.random() * cap) / 2)
  }

  async function settleOutcome(m: OutboxMessage, outcome: SendOutcome, attempts: number, creditTaken: boolean) {
    const now = new Date()
    switch (outcome.kind) {
      case 'sent':
        return record(m, { status: 'sent', inflight: false, msgid: outcome.msgid, sentAt: now, errcode: null, error: null }, 'sent')
      case 'rejected':
        if (outcome.errcode === 43101) {
          // WeChat has no credit for this user and template: our count was wrong, so it starts again from zero.
          await SubscriptionCredit.updateOne(
            { userId: m.userId, templateId: m.templateId },
            { $set: { credits: 0, unlimited: false, updatedAt: now } },
          )
          return record(m, { status: 'skipped_no_credit', inflight: false, errcode: 43101, error: outcome.errmsg }, 'skipped_no_credit')
        }
        await refundCredit(m, creditTaken)
        return record(m, { status: 'failed', inflight: false, errcode: outcome.errcode, error: outcome.errmsg }, 'failed')
      case 'transient':
        if (attempts >= maxAttempts) {
          await refundCredit(m, creditTaken)
          return record(m, { status: 'failed', inflight: false, errcode: outcome.errcode, error: `gave up after ${attempts} attempts: ${outcome.reason}` }, 'failed')
        }
        return record(
          m,
          { status: 'pending', inflight: false, nextAttemptAt: new Date(now.getTime() + backoff(attempts)), errcode: outcome.errcode, error: outcome.reason },
          'retry',
        )
      case 'ambiguous':
        if (options.ambiguity === 'at_most_once') {
          return record(m, { status: 'ambiguous', inflight: false, errcode: null, error: `no answer, not resent (at-most-once): ${outcome.reason}` }, 'ambiguous')
        }
        // Stays in flight: the next claim, after the request had time to finish, asks whether it was delivered.
        return record(m, { status: 'pending', nextAttemptAt: new Date(now.getTime() + settleMs), errcode: null, error: `no answer: ${outcome.reason}` }, 'verify')
    }
  }

  async function processOne(m: OutboxMessage, ctx: BatchContext): Promise<void> {
    const openid = ctx.openids.get(m.userId.toHexString())
    if (openid === undefined) return record(m, { status: 'failed', inflight: false, error: 'recipient no longer exists' }, 'failed')

    if (m.inflight) {
      // An earlier request may have reached WeChat (timeout, or a worker died mid-send).
      if (options.ambiguity === 'at_most_once' || !options.checkDelivery) {
        return record(m, { status: 'ambiguous', inflight: false, error: 'an earlier send got no answer; not resent (at-most-once)' }, 'ambiguous')
      }
      const check = await options.checkDelivery({ openid, templateId: m.templateId, page: m.page })
      if (check.delivered) {
        return record(m, { status: 'sent', inflight: false, msgid: check.msgid, sentAt: new Date(), errcode: null, error: null }, 'sent')
      }
    }

    const credit = m.creditTaken ? null : creditFor(m, ctx)
    const noCredit = { status: 'skipped_no_credit' as const, inflight: false, creditTaken: false, errcode: null, error: 'no send credit (counted locally)' }
    if (credit?.kind === 'none') return record(m, noCredit, 'skipped_no_credit')
    const creditTaken = m.creditTaken || credit?.kind === 'one_time'

    await bucket.take()
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

  async function runOnce(): Promise<number> {
    // First one page of followers of an event told to followers becomes messages (see event-expander.ts)…
    let expanded = 0
    try {
      const step = await expander.step()
      if (step.eventId) expanded = Math.max(1, step.followers)
    } catch (err) {
      // The event's lease lapses and the page is written again later (duplicates are dropped).
      log.warn({ err }, 'event expansion step failed')
    }
    // …then a batch of due messages is sent.
    const batch = await claimBatch()
    const ctx = batch.length > 0 ? await batchContext(batch) : { openids: new Map(), credits: new Map() }
    let next = 0
    const lanes = Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
      while (next < batch.length) {
        const m = batch[next++]
        if (!m) break
        try {
          await processOne(m, ctx)
        } catch (err) {
          // A database or simulator hiccup: the lease lapses and the message is claimed again later.
          log.warn({ err, id: m._id.toHexString() }, 'outbox message not processed')
        }
      }
    })
    await Promise.all(lanes)
    return batch.length + expanded
  }

  async function runLoop(): Promise<void> {
    while (running) {
      let claimed = 0
      try {
        claimed = await runOnce()
      } catch (err) {
        log.error({ err }, 'outbox round failed')
      }
      if (claimed === 0 && running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs)
          wakeUp = () => {
            clearTimeout(timer)
            resolve()
          }
        })
        wakeUp = null
      }
    }
  }

  return {
    start() {
      if (running) return
      running = true
      loop = runLoop()
    },
    async stop() {
      running = false
      wakeUp?.()
      await loop
      loop = null
    },
    runOnce,
    async drain() {
      let total = 0
      for (;;) {
        const n = await runOnce()
        if (n === 0) return total
        total += n
      }
    },
    wake() {
      wakeUp?.()
    },
  }
}

/** What the runtime hands over to build the sender. */
export interface OutboxSenderWiring {
  config: Config
  logger: Logger
  services: Services
  /** Base URL of the WeChat API (the simulator's in sim mode). */
  wechatBase: string
  appid: string
  secret: string
}

/**
 * Builds the process's sender from configuration: the token manager, the subscribe client, the ambiguity
 * policy (verify_sim only against the simulator), wakes it when events are queued, and starts it unless
 * NOTIFICATIONS_WORKER is off (the default in tests, which drive `drain()` themselves).
 */
export function outboxSenderFor(w: OutboxSenderWiring): OutboxSender {
  const { config } = w
  const timeoutMs = config.WECHAT_SEND_TIMEOUT_MS
  const tokens = createTokenManager({ baseUrl: w.wechatBase, appid: w.appid, secret: w.secret, timeoutMs })
  const ambiguity: AmbiguityPolicy = config.OUTBOX_AMBIGUOUS ?? (config.WECHAT_MODE === 'sim' ? 'verify_sim' : 'at_most_once')
  const sender = createOutboxSender({
    models: w.services.models,
    client: createSubscribeClient({ baseUrl: w.wechatBase, tokens, timeoutMs }),
    logger: w.logger,
    ratePerSecond: config.OUTBOX_RATE_PER_SECOND,
    concurrency: config.OUTBOX_CONCURRENCY,
    batchSize: config.OUTBOX_BATCH_SIZE,
    leaseSeconds: config.OUTBOX_LEASE_SECONDS,
    maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
    backoffMs: config.OUTBOX_BACKOFF_MS,
    pollMs: config.OUTBOX_POLL_MS,
    ambiguity,
    checkDelivery: ambiguity === 'verify_sim' ? createSimDeliveryChecker(w.wechatBase) : null,
    settleMs: timeoutMs,
    miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
  })
  w.services.notifications.onEnqueued(() => sender.wake())
  if (config.NOTIFICATIONS_WORKER ?? config.NODE_ENV !== 'test') sender.start()
  return sender
}
