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
 * 2. Still true: a message announcing a disclosure version (已公示, 已更新, 有您家内容) whose version was retracted
 *    since is `skipped_withdrawn`, with no credit used and nothing sent (read per batch, outbox-lease.ts).
 *    Credit: a local send credit is taken (or the long-term subscription found); none → `skipped_no_credit`
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
 *
 * This file runs the rounds and the loop; the claim and lease-guarded writes live in outbox-lease.ts, steps
 * 2-5 for one message in outbox-send-one.ts, the send rate in token-bucket.ts.
 */
import { randomUUID } from 'node:crypto'
import type { Types } from 'mongoose'
import type { Logger } from '../logger'
import type { Models } from '../models'
import type { OutboxMessage } from '../models/Outbox.model'
import type { DeliveryChecker, WechatSubscribeClient } from '../clients/wechat-subscribe.client'
import { createSimDeliveryChecker, createSubscribeClient } from '../clients/wechat-subscribe.client'
import { createTokenManager } from '../clients/wechat-token'
import { createEventExpander } from './event-expander'
import type { BatchContext } from './outbox-lease'
import { createOutboxLease, emptyBatchContext } from './outbox-lease'
import type { AmbiguityPolicy } from './outbox-send-one'
import { createSendOne } from './outbox-send-one'
import { TokenBucket } from './token-bucket'
import type { Config } from '../config'
import type { Services } from '../services'

export type { AmbiguityPolicy } from './outbox-send-one'

export interface OutboxSenderOptions {
  models: Pick<
    Models,
    'Outbox' | 'User' | 'SubscriptionCredit' | 'NotificationEvent' | 'Subscription' | 'Disclosure'
  >
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

/** Creates the sender; call `start()` for the background loop or `drain()` to run it to completion. */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const owner = options.owner ?? randomUUID()
  const concurrency = options.concurrency ?? 4
  const leaseMs = (options.leaseSeconds ?? 60) * 1000
  // The last message of a batch waits batch/rate seconds for its turn: keep that under a quarter of the lease.
  const batchSize = Math.max(
    1,
    Math.min(options.batchSize ?? 50, Math.floor((options.ratePerSecond * leaseMs) / 4000)),
  )
  const pollMs = options.pollMs ?? 1000
  const log = options.logger.child({ job: 'outbox-sender', owner })
  if (options.ambiguity === 'verify_sim' && !options.checkDelivery)
    throw new Error('verify_sim needs checkDelivery')
  const expander = createEventExpander({
    models: options.models,
    owner,
    leaseMs,
    pageSize: options.expandPageSize,
  })
  const lease = createOutboxLease({
    models: options.models,
    owner,
    leaseMs,
    batchSize,
    onProcessed: options.onProcessed,
  })
  const processOne = createSendOne({
    models: options.models,
    lease,
    bucket: new TokenBucket(options.ratePerSecond),
    client: options.client,
    ambiguity: options.ambiguity,
    checkDelivery: options.checkDelivery,
    maxAttempts: options.maxAttempts ?? 8,
    backoffMs: options.backoffMs ?? 2000,
    settleMs: options.settleMs ?? 5000,
    miniprogramState: options.miniprogramState,
  })

  let running = false
  let loop: Promise<void> | null = null
  let wakeUp: (() => void) | null = null

  /** Writes one page of an event told to followers as messages (see event-expander.ts); returns the work done. */
  async function expandStep(): Promise<number> {
    try {
      const step = await expander.step()
      return step.eventId ? Math.max(1, step.followers) : 0
    } catch (err) {
      // The event's lease lapses and the page is written again later (duplicates are dropped).
      log.warn({ err }, 'event expansion step failed')
      return 0
    }
  }

  /** Processes a claimed batch with `concurrency` lanes taking messages in order. */
  async function processBatch(batch: OutboxMessage[], ctx: BatchContext): Promise<void> {
    let next = 0
    async function lane(): Promise<void> {
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
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane))
  }

  async function runOnce(): Promise<number> {
    // First one page of followers of an event told to followers becomes messages…
    const expanded = await expandStep()
    // …then a batch of due messages is sent.
    const batch = await lease.claimBatch()
    const ctx = batch.length > 0 ? await lease.batchContext(batch) : emptyBatchContext()
    await processBatch(batch, ctx)
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
  const ambiguity: AmbiguityPolicy =
    config.OUTBOX_AMBIGUOUS ?? (config.WECHAT_MODE === 'sim' ? 'verify_sim' : 'at_most_once')
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
