import { Types } from 'mongoose'
import type { mongo } from 'mongoose'
import type { NotificationEventType } from '@cunwu/domain'
import { parentCode, redactSensitiveNumbers } from '@cunwu/domain'
import type { Config } from '../config'
import type { Models } from '../models'
import type { NotificationEventRecord } from '../models/NotificationEvent.model'
import { insertIgnoringDuplicates, isDuplicateKey } from '../lib/db-writes'
import { reviewOfficeIn } from '../policies/region.policy'
import { fitTemplateData, keyTypeOf } from '../clients/wechat-subscribe-values'
import type { RawValue } from '../clients/wechat-subscribe-values'
import { notificationTemplates } from '../clients/wechat-subscribe-templates'
import { outboxDocument } from './outbox.service'
import type { TemplateDef } from '../clients/wechat-subscribe-templates'
import { isFollowerEvent } from '../models/notification-events'
import type { DirectEvent, NotificationEvent, PublishResult } from '../models/notification-events'
import { NOTIFICATION_PAGES } from '../models/notification-events'
import { noticeChangedHouseholds, noticeRetractedHouseholds } from './notifications-households'
import type { HouseholdNoticeInput } from './notifications-households'
import { noticeGovernmentOnlyHouseholds } from './notifications-household-alignment'
import { HouseholdAlignmentsService } from './household-alignment.service'
import type { Alignment } from '../models/Alignment.model'
import { referenceOfDate, referenceOfNumber, referenceOfPeriod, render } from './notifications-render'

export { NOTIFICATION_PAGES }
export type { NotificationEvent, PublishResult }

/** Events → recipients → one inbox entry and one outbox message each; the sender pushes the outbox. */
export class NotificationsService {
  readonly templates: ReturnType<typeof notificationTemplates>
  private readonly listeners = new Set<() => void>()

  constructor(private readonly deps: { models: Models; config: Config }) {
    this.templates = notificationTemplates(deps.config)
  }

  /**
   * Records an event for the people it concerns. Idempotent per event id: call it again after any failure and
   * nothing is doubled.
   * - Told to followers (disclosure published/updated): ONE event record, whatever the number of followers. It
   *   is at once in every follower's inbox (the inbox reads events of what one followed when it was
   *   recorded); the sender then writes the push messages from it, one per follower (see event-expander).
   * - Told to a few named people (an author, the secretaries of a village, township staff): an inbox entry and
   *   an outbox message each, written here.
   */
  async publishEvent(event: NotificationEvent): Promise<PublishResult> {
    const at = event.at ?? new Date()
    const region = await this.deps.models.Region.findById(event.villageCode, { name: 1 }).lean()
    const [reference, office] = await Promise.all([this.referenceOf(event, at), this.officeOfActor(event)])
    const rendered = render(event, region?.name ?? '本村', at, reference, office)
    const template: TemplateDef = this.templates.byPurpose[rendered.purpose]
    const fitted = fitTemplateData(template.keys, scrubTexts(rendered.values))
    const now = new Date()

    if (isFollowerEvent(event)) {
      const record: Omit<NotificationEventRecord, '_id'> & { _id: Types.ObjectId } = {
        _id: new Types.ObjectId(),
        key: event.id,
        type: event.type,
        villageCode: event.villageCode,
        category: event.category,
        itemId: event.itemId,
        title: rendered.title,
        body: rendered.body,
        link: { page: rendered.page, query: rendered.query },
        templateId: template.templateId,
        data: fitted.ok ? fitted.data : null,
        dataError: fitted.ok ? null : fitted.error,
        at,
        createdAt: now,
        expansion: {
          state: 'pending',
          phase: 'category',
          after: null,
          messages: 0,
          leaseUntil: new Date(0),
          leaseOwner: null,
        },
      }
      try {
        await this.deps.models.NotificationEvent.collection.insertOne(record)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        return {
          delivery: 'followers',
          recorded: false,
          recipients: null,
          inboxInserted: 0,
          outboxInserted: 0,
        }
      }
      for (const listener of this.listeners) listener()
      return {
        delivery: 'followers',
        recorded: true,
        recipients: null,
        inboxInserted: 0,
        outboxInserted: 0,
      }
    }

    const recipients = await this.recipientsOf(event)
    if (recipients.length === 0)
      return { delivery: 'direct', recorded: true, recipients: 0, inboxInserted: 0, outboxInserted: 0 }
    const inbox: mongo.Document[] = []
    const outbox: mongo.Document[] = []
    for (const userId of recipients) {
      inbox.push({
        _id: new Types.ObjectId(),
        userId,
        eventId: event.id,
        eventType: event.type,
        regionCode: event.villageCode,
        title: rendered.title,
        body: rendered.body,
        link: { page: rendered.page, query: rendered.query },
        createdAt: at,
        readAt: null,
      })
      outbox.push(
        outboxDocument({
          eventId: event.id,
          eventType: event.type,
          userId,
          regionCode: event.villageCode,
          templateId: template.templateId,
          link: { page: rendered.page, query: rendered.query },
          data: fitted.ok ? fitted.data : null,
          dataError: fitted.ok ? null : fitted.error,
          now,
        }),
      )
    }
    // Both are idempotent steps keyed by unique indexes; a crash between them is repaired by publishing again.
    const [inboxInserted, outboxInserted] = await Promise.all([
      insertIgnoringDuplicates(this.deps.models.InboxEntry.collection, inbox),
      insertIgnoringDuplicates(this.deps.models.Outbox.collection, outbox),
    ])
    if (outboxInserted > 0) for (const listener of this.listeners) listener()
    return {
      delivery: 'direct',
      recorded: inboxInserted > 0,
      recipients: recipients.length,
      inboxInserted,
      outboxInserted,
    }
  }

  /** Whether an event told to followers is recorded (its key). */
  async isRecorded(key: string): Promise<boolean> {
    return (await this.deps.models.NotificationEvent.exists({ key })) !== null
  }

  /**
   * Tells the households whose own rows a published version of a table changed, or, with `retraction`, the households
   * on a retracted version's list (notifications-households.ts), filed under the version's or the retraction's
   * follower event so that a follower gets one message. Call before that event is recorded.
   */
  async noticeHouseholds(
    d: HouseholdNoticeInput['d'],
    event: { id: string; type: HouseholdNoticeInput['eventType']; at: Date },
    retraction?: { reason: string },
  ): Promise<number> {
    const region = await this.deps.models.Region.findById(d.regionCode, { name: 1 }).lean()
    const input: HouseholdNoticeInput = {
      d,
      eventId: event.id,
      eventType: event.type,
      at: event.at,
      villageName: region?.name ?? '本村',
      template: this.templates.byPurpose.disclosure,
    }
    const told = retraction
      ? await noticeRetractedHouseholds(this.deps.models, { ...input, reason: retraction.reason })
      : await noticeChangedHouseholds(this.deps.models, input)
    if (told > 0) for (const listener of this.listeners) listener()
    return told
  }

  /**
   * Tells the households whose own row the government's list of an alignment has and the village's list lacks
   * (notifications-household-alignment.ts), once per finding: call it after every recompute, a repeat adds nothing.
   */
  async noticeGovernmentOnly(a: Alignment): Promise<number> {
    const { models } = this.deps
    const households = new HouseholdAlignmentsService({ models })
    const told = await noticeGovernmentOnlyHouseholds(
      { models, households },
      a,
      this.templates.byPurpose.disclosure,
    )
    if (told > 0) for (const listener of this.listeners) listener()
    return told
  }

  /** Calls `listener` whenever new messages were queued (the in-process sender wakes up). */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * The 编号 of an event (`character_string1` of the 办理进度 template) as its reader can quote it, never an internal
   * id: a request's year and sequence, the period of the disclosure or comparison it is about, else the date that
   * matters (the deadline missed, the day a correction was asked for).
   */
  private async referenceOf(event: NotificationEvent, at: Date): Promise<string> {
    const { Disclosure, Alignment } = this.deps.models
    let period: string | undefined
    switch (event.type) {
      case 'info_request.progress':
        return referenceOfNumber(event.number) ?? referenceOfDate(at)
      case 'question.overdue':
        return referenceOfDate(event.dueDate)
      case 'deadline.approaching':
        return referenceOfDate(event.dueAt)
      case 'follows.merged':
        return referenceOfDate(event.retiredOn)
      case 'disclosure.returned':
      case 'review.approved':
      case 'review.retracted':
      case 'cross_check.confirmed':
        period = Types.ObjectId.isValid(event.disclosureId)
          ? (await Disclosure.findById(event.disclosureId, { period: 1 }).lean())?.period
          : undefined
        break
      case 'alignment.discrepancy':
      case 'verification.requested':
        period = Types.ObjectId.isValid(event.alignmentId)
          ? (await Alignment.findById(event.alignmentId, { period: 1 }).lean())?.period
          : undefined
        break
      default:
        // The other templates have no 编号.
        return referenceOfDate(at)
    }
    return (period && referenceOfPeriod(period)) || referenceOfDate(at)
  }

  /**
   * The office of who decided a review outcome, as its message names it: 乡镇 or 县里 (`reviewOfficeIn`); null when
   * they hold neither grant in the village.
   */
  private async officeOfActor(event: NotificationEvent): Promise<string | null> {
    if (!('actorId' in event) || !event.actorId || !Types.ObjectId.isValid(event.actorId)) return null
    const actor = await this.deps.models.User.findById(event.actorId, { roles: 1 }).lean()
    return reviewOfficeIn(actor?.roles ?? [], event.villageCode)
  }

  /** Who hears about an event told to named people. */
  private async recipientsOf(event: DirectEvent): Promise<Types.ObjectId[]> {
    switch (event.type) {
      case 'disclosure.returned':
      case 'review.approved':
      case 'review.retracted':
        return oid(event.authorId)
      case 'alignment.discrepancy':
      case 'deadline.approaching':
      case 'correction.requested':
      case 'cross_check.confirmed':
        return this.usersWithRole('secretary', event.villageCode)
      case 'verification.requested':
      case 'question.overdue': {
        const township = parentCode(event.villageCode)
        return township ? this.usersWithRole('township', township) : []
      }
      case 'question.answered':
        return oid(event.askerId)
      case 'info_request.progress':
        return oid(event.requesterId)
      case 'consultation.opened':
      case 'consultation.reminder':
      case 'follows.merged':
        return event.recipientIds.flatMap(oid)
    }
  }

  private async usersWithRole(role: 'secretary' | 'township', regionCode: string): Promise<Types.ObjectId[]> {
    const users = await this.deps.models.User.find(
      { roles: { $elemMatch: { role, regionCode } } },
      { _id: 1 },
    ).lean()
    return users.map((u) => u._id)
  }
}

const oid = (hex: string) => (Types.ObjectId.isValid(hex) ? [new Types.ObjectId(hex)] : [])

/**
 * A subscribe message is read on the villager's phone like the inbox (which is scrubbed as it is presented): the
 * free-text values (`thing`: titles, names typed by staff) go out through the one scrubber (docs/scrubbing.md).
 */
function scrubTexts(values: Record<string, RawValue>): Record<string, RawValue> {
  return Object.fromEntries(
    Object.entries(values).map(([key, v]) => [
      key,
      typeof v === 'string' && keyTypeOf(key) === 'thing' ? redactSensitiveNumbers(v) : v,
    ]),
  )
}

/** Event types, for callers that switch on them. */
export type { NotificationEventType }
