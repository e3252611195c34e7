/**
 * Writes the push messages of events told to followers (`NotificationEvent`): one outbox message per follower,
 * a page of followers at a time, in userId order, with a checkpoint in the event.
 *
 * Exactly once, through crashes: a page's messages are inserted under the unique (event, user) key, then the
 * checkpoint moves past the page (guarded by this worker's lease on the event). A worker that dies between the
 * two leaves the checkpoint behind; the next one writes the same page again and the unique key drops every
 * message already there. Who follows is fixed by the event's `createdAt`: a subscription counts if its lifetime
 * covers that instant, so the walk gives the same people whenever (and however often) it runs.
 */
import { randomUUID } from 'node:crypto'
import type { Types } from 'mongoose'
import type { Models } from '../models'
import type { NotificationEventRecord } from '../models/NotificationEvent.model'
import { insertIgnoringDuplicates } from '../lib/db-writes'
import { outboxDocument } from '../services/outbox.service'

export interface EventExpanderOptions {
  models: Pick<Models, 'NotificationEvent' | 'Subscription' | 'SubscriptionCredit' | 'Outbox'>
  /** Followers per page. @default 2000 */
  pageSize?: number
  /** Milliseconds a worker holds an event it is walking. @default 60000 */
  leaseMs?: number
  /** Identifies this worker in leases. @default a random UUID */
  owner?: string
}

/** What one step did. */
export interface ExpandStep {
  /** The event worked on (null: none was waiting). */
  eventId: Types.ObjectId | null
  /** Followers in the page, and messages newly written for them. */
  followers: number
  written: number
  done: boolean
}

interface SubscriptionLife {
  userId: Types.ObjectId
  createdAt: Date
  endedAt: Date | null
}

const EPOCH = new Date(0)

/** Creates the expander; the outbox sender calls `step()` before each round. */
export function createEventExpander(options: EventExpanderOptions) {
  const { NotificationEvent, Subscription, SubscriptionCredit, Outbox } = options.models
  const pageSize = options.pageSize ?? 2000
  const leaseMs = options.leaseMs ?? 60_000
  const owner = options.owner ?? randomUUID()
  let round = 0

  /** Takes the oldest event still being walked whose lease has lapsed (or is ours). */
  async function claim(): Promise<NotificationEventRecord | null> {
    const now = new Date()
    const token = `${owner}:expand:${++round}`
    return NotificationEvent.findOneAndUpdate(
      { 'expansion.state': 'pending', 'expansion.leaseUntil': { $lte: now } },
      { $set: { 'expansion.leaseUntil': new Date(now.getTime() + leaseMs), 'expansion.leaseOwner': token } },
      { sort: { _id: 1 }, returnDocument: 'after' },
    ).lean()
  }

  /** The next page of subscriptions to the phase's target, whole users only (a user may have several lifetimes). */
  async function page(ev: NotificationEventRecord): Promise<{ lives: SubscriptionLife[]; full: boolean }> {
    const { phase, after } = ev.expansion
    const target = {
      villageCode: ev.villageCode,
      kind: phase,
      targetId: phase === 'category' ? ev.category : ev.itemId,
    }
    const fields = { userId: 1, createdAt: 1, endedAt: 1, _id: 0 }
    const lives = await Subscription.find(after ? { ...target, userId: { $gt: after } } : target, fields)
      .sort({ userId: 1 })
      .limit(pageSize)
      .lean<SubscriptionLife[]>()
    const full = lives.length === pageSize
    const last = lives[lives.length - 1]
    if (full && last) {
      // The page may have cut the last user's lifetimes in two: take all of them.
      const rest = await Subscription.find({ ...target, userId: last.userId }, fields).lean<
        SubscriptionLife[]
      >()
      lives.push(...rest)
    }
    return { lives, full }
  }

  /** Walks one page of one event; returns what it did. */
  async function step(): Promise<ExpandStep> {
    const ev = await claim()
    if (!ev) return { eventId: null, followers: 0, written: 0, done: false }
    const token = ev.expansion.leaseOwner
    const { lives, full } = await page(ev)
    const at = ev.createdAt.getTime()
    const followers = new Map<string, Types.ObjectId>()
    for (const s of lives) {
      if (s.createdAt.getTime() <= at && (s.endedAt === null || s.endedAt.getTime() > at)) {
        followers.set(s.userId.toHexString(), s.userId)
      }
    }
    const userIds = [...followers.values()]
    let written = 0
    if (userIds.length > 0) {
      const credits = await SubscriptionCredit.find(
        { userId: { $in: userIds }, templateId: ev.templateId },
        { userId: 1, credits: 1, unlimited: 1 },
      ).lean()
      const canSend = new Set(
        credits.filter((c) => c.unlimited || c.credits > 0).map((c) => c.userId.toHexString()),
      )
      const now = new Date()
      const docs = userIds.map((userId) =>
        outboxDocument({
          eventId: ev.key,
          eventType: ev.type,
          userId,
          regionCode: ev.villageCode,
          templateId: ev.templateId,
          link: ev.link,
          data: ev.data,
          dataError: ev.dataError,
          // Counted locally, like the sender does: no credit, no request to WeChat (the inbox has the event).
          noCredit: !canSend.has(userId.toHexString()),
          now,
        }),
      )
      written = await insertIgnoringDuplicates(Outbox.collection, docs)
    }
    const lastUser = lives.reduce<Types.ObjectId | null>(
      (max, s) => (max === null || s.userId.toHexString() > max.toHexString() ? s.userId : max),
      null,
    )
    const done = !full && ev.expansion.phase === 'item'
    const next = full
      ? { 'expansion.after': lastUser }
      : done
        ? { 'expansion.state': 'done' }
        : { 'expansion.phase': 'item', 'expansion.after': null }
    // The checkpoint moves and the lease is let go, so the next step (of any worker) takes the next page.
    await NotificationEvent.updateOne(
      { _id: ev._id, 'expansion.leaseOwner': token },
      {
        $set: { ...next, 'expansion.leaseUntil': EPOCH, 'expansion.leaseOwner': null },
        $inc: { 'expansion.messages': written },
      },
    )
    return { eventId: ev._id, followers: userIds.length, written, done }
  }

  return {
    step,
    /** Runs steps until no event is waiting (tests and benches). */
    async drain(): Promise<number> {
      let written = 0
      for (;;) {
        const s = await step()
        if (s.eventId === null) return written
        written += s.written
      }
    },
  }
}

/** The event expander. */
export type EventExpander = ReturnType<typeof createEventExpander>
