import { Types } from 'mongoose'
import type { mongo } from 'mongoose'
import type { NotificationEventType } from '@cunwu/domain'
import { chineseDate, parentCode, redactSensitiveNumbers } from '@cunwu/domain'
import type { Config } from '../config'
import type { Models } from '../models'
import type { NotificationEventRecord } from '../models/NotificationEvent.model'
import { insertIgnoringDuplicates, isDuplicateKey } from '../lib/db-writes'
import { fitTemplateData, keyTypeOf } from '../clients/wechat-subscribe-values'
import type { RawValue } from '../clients/wechat-subscribe-values'
import { notificationTemplates } from '../clients/wechat-subscribe-templates'
import { outboxDocument } from './outbox.service'
import type { TemplateDef, TemplatePurpose } from '../clients/wechat-subscribe-templates'
import { isFollowerEvent } from '../models/notification-events'
import type { DirectEvent, NotificationEvent, PublishResult } from '../models/notification-events'
import { NOTIFICATION_PAGES } from '../models/notification-events'

export { NOTIFICATION_PAGES }
export type { NotificationEvent, PublishResult }

interface Rendered {
  purpose: TemplatePurpose
  title: string
  body: string
  page: string
  query: Record<string, string>
  values: Record<string, RawValue>
}

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
    const rendered = render(event, region?.name ?? '本村', at)
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

  /** Calls `listener` whenever new messages were queued (the in-process sender wakes up). */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Who hears about an event told to named people. */
  private async recipientsOf(event: DirectEvent): Promise<Types.ObjectId[]> {
    switch (event.type) {
      case 'disclosure.returned':
      case 'review.approved':
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

/** The inbox text, the link and the template values of an event (the same for every recipient). */
function render(event: NotificationEvent, villageName: string, at: Date): Rendered {
  const ref = event.id.replace(/[^\x21-\x7e]/g, '').slice(-32)
  switch (event.type) {
    case 'disclosure.published':
    case 'disclosure.updated': {
      const updated = event.type === 'disclosure.updated'
      return {
        purpose: 'disclosure',
        title: updated ? `公开内容有更新：${event.title}` : `新的村务公开：${event.title}`,
        body: event.changes
          ? `${villageName}更新了「${event.title}」。${event.changes}点击查看。`
          : `${villageName}${updated ? '更新了' : '公开了'}「${event.title}」，点击查看。`,
        page: NOTIFICATION_PAGES.disclosure,
        query: { id: event.disclosureId },
        values: {
          thing1: event.title,
          thing2: villageName,
          date3: at,
          phrase4: updated ? '已更新' : '已公示',
        },
      }
    }
    case 'disclosure.returned':
      return {
        purpose: 'progress',
        title: `草稿被退回：${event.title}`,
        body: event.reason
          ? `乡镇退回了「${event.title}」，原因：${event.reason}`
          : `乡镇退回了「${event.title}」，请修改后重新提交。`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '已退回', time3: at, thing4: event.title },
      }
    case 'review.approved':
      return {
        purpose: 'progress',
        title: `审核通过：${event.title}`,
        body: `乡镇已审核通过「${event.title}」。`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '已通过', time3: at, thing4: event.title },
      }
    case 'alignment.discrepancy':
      return {
        purpose: 'progress',
        title: `发现不一致：${event.title}`,
        body: event.detail
          ? `「${event.title}」与政府公开不一致：${event.detail}`
          : `「${event.title}」与政府公开不一致，请核对。`,
        page: NOTIFICATION_PAGES.alignment,
        query: { id: event.alignmentId },
        values: { character_string1: ref, phrase2: '有差异', time3: at, thing4: event.title },
      }
    case 'verification.requested':
      return {
        purpose: 'progress',
        title: `请核实：${event.title}`,
        body: `${villageName}的「${event.title}」需要乡镇核实。`,
        page: NOTIFICATION_PAGES.townshipVerify,
        query: { id: event.alignmentId },
        values: {
          character_string1: ref,
          phrase2: '待核实',
          time3: at,
          thing4: `${villageName}${event.title}`,
        },
      }
    case 'question.answered':
      return {
        purpose: 'question',
        title: `您的留言有回复：${event.title}`,
        body: event.answer,
        page: NOTIFICATION_PAGES.question,
        query: { id: event.questionId },
        values: { thing1: event.title, thing2: event.answer, time3: at },
      }
    case 'info_request.progress':
      return {
        purpose: 'progress',
        title: `政府信息公开申请${event.step}：${event.number}`,
        body: event.detail,
        page: NOTIFICATION_PAGES.infoRequest,
        query: { id: event.requestId },
        values: { character_string1: ref, phrase2: event.step, time3: at, thing4: event.title },
      }
    case 'question.overdue':
      return {
        purpose: 'progress',
        title: `村民留言逾期未答复：${event.title}`,
        body: `${villageName}有一条关于「${event.title}」的村民留言，应在${chineseDate(event.dueDate)}前答复，至今未答复，请督办或直接答复。`,
        page: NOTIFICATION_PAGES.question,
        query: { id: event.questionId },
        values: {
          character_string1: ref,
          phrase2: '已逾期',
          time3: at,
          thing4: `${villageName}${event.title}`,
        },
      }
    case 'deadline.approaching':
      return {
        purpose: 'progress',
        title: `即将到期：${event.title}`,
        body: `「${event.title}」的公开期限快到了，请及时处理。`,
        page: NOTIFICATION_PAGES.catalogItem,
        query: { id: event.itemId },
        values: { character_string1: ref, phrase2: '将到期', time3: event.dueAt, thing4: event.title },
      }
    case 'correction.requested':
      return {
        purpose: 'progress',
        title: `村民申请更正信息：${event.name}`,
        body: `${event.name}申请${event.title}，请在“更正申请”里查看并处理。`,
        page: NOTIFICATION_PAGES.corrections,
        query: { village: event.villageCode },
        values: {
          character_string1: ref,
          phrase2: '待处理',
          time3: at,
          thing4: `${event.name}申请${event.title}`,
        },
      }
    case 'consultation.opened':
    case 'consultation.reminder': {
      const reminder = event.type === 'consultation.reminder'
      return {
        purpose: 'disclosure',
        title: reminder ? `征求意见即将截止：${event.title}` : `征求意见：${event.title}`,
        body: reminder
          ? `「${event.title}」将于${event.deadlineText}截止，您还有意见没有提交，点击作答。`
          : `${villageName}就「${event.title}」征求意见，${event.deadlineText}截止，点击作答。`,
        page: NOTIFICATION_PAGES.consultation,
        query: { id: event.consultationId },
        values: {
          thing1: event.title,
          thing2: villageName,
          date3: event.deadline,
          phrase4: reminder ? '即将截止' : '征求意见',
        },
      }
    }
    case 'cross_check.confirmed':
      return {
        purpose: 'progress',
        title: `请更正：${event.title}`,
        body: `乡镇或县里核查发现问题，请更正「${event.title}」：${event.detail}`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '待更正', time3: at, thing4: event.title },
      }
  }
}

/** Event types, for callers that switch on them. */
export type { NotificationEventType }
