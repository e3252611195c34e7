import { mongo, Types } from 'mongoose'
import type { NotificationEventType, OutboxMetricsDto, OutboxStatus } from '@cunwu/domain'
import { OutboxMetricsDtoSchema, OutboxStatusSchema, parentCode } from '@cunwu/domain'
import type { Config } from '../config'
import type { Models } from '../models'
import type { OutboxMessage } from '../models/Outbox.model'
import { regionPrefix } from '../policies/region.policy'
import { fitTemplateData } from './notification-values'
import type { RawValue } from './notification-values'
import { notificationTemplates } from './notification-templates'
import type { TemplateDef, TemplatePurpose } from './notification-templates'

interface EventBase {
  /**
   * Stable id of the event, derived from what it is about (e.g. `disclosure.published:<id>:v3`), so that
   * publishing it again after a retry or crash adds nothing: inbox and outbox are unique per (user, event).
   */
  id: string
  /** The village the event concerns (12-digit code). */
  villageCode: string
  /** What it is about, in Chinese (a disclosure title, an item name). */
  title: string
  /** When it happened. @default now */
  at?: Date
}

/** Something that happened and that people should hear about. Ids of records and users are hex strings. */
export type NotificationEvent =
  | (EventBase & {
      /** To the villagers of the village who follow the category or the item. */
      type: 'disclosure.published' | 'disclosure.updated'
      disclosureId: string
      /** Catalog domain id (the category villagers follow). */
      category: string
      /** Catalog item id. */
      itemId: string
    })
  | (EventBase & { type: 'disclosure.returned'; disclosureId: string; authorId: string; reason?: string })
  | (EventBase & { type: 'review.approved'; disclosureId: string; authorId: string })
  | (EventBase & { type: 'alignment.discrepancy'; itemId: string; alignmentId: string; detail?: string })
  | (EventBase & { type: 'verification.requested'; itemId: string; alignmentId: string })
  | (EventBase & { type: 'question.answered'; questionId: string; askerId: string; answer: string })
  | (EventBase & { type: 'deadline.approaching'; itemId: string; dueAt: Date })

/** What publishEvent did. */
export interface PublishResult {
  recipients: number
  inboxInserted: number
  outboxInserted: number
}

/**
 * Mini-program pages the notifications open. The pages belong to the features that add them (disclosures,
 * review, alignment, questions); these are the agreed paths.
 */
export const NOTIFICATION_PAGES = {
  disclosure: 'pages/disclosure/index',
  secretaryDisclosure: 'secretary/disclosure-edit/index',
  alignment: 'staff/alignment/index',
  townshipVerify: 'staff/alignment/index',
  // Questions have no page yet (a later feature): the message opens the disclosure the question is about.
  question: 'pages/disclosure/index',
  catalogItem: 'pages/catalog-item/index',
} as const

interface Rendered {
  purpose: TemplatePurpose
  title: string
  body: string
  page: string
  query: Record<string, string>
  values: Record<string, RawValue>
}

const CHUNK = 2000
/** Chunks written at once per collection: the driver pool and the engine overlap them (about 2x faster). */
const PARALLEL_CHUNKS = 3

/** Inserts one chunk, ignoring duplicate-key errors (an idempotent step); returns how many were new. */
async function insertChunk(collection: mongo.Collection, chunk: mongo.Document[]): Promise<number> {
  try {
    return (await collection.insertMany(chunk, { ordered: false })).insertedCount
  } catch (err) {
    if (!(err instanceof mongo.MongoBulkWriteError)) throw err
    const errors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors]
    if (errors.some((e) => e.code !== 11000)) throw err
    return err.insertedCount
  }
}

/** Inserts documents in unordered chunks, a few at a time, tolerating duplicates; returns how many were new. */
async function insertIgnoringDuplicates(collection: mongo.Collection, docs: mongo.Document[]): Promise<number> {
  let inserted = 0
  let next = 0
  const lanes = Array.from({ length: PARALLEL_CHUNKS }, async () => {
    while (next < docs.length) {
      const start = next
      next += CHUNK
      const n = await insertChunk(collection, docs.slice(start, start + CHUNK))
      inserted += n
    }
  })
  await Promise.all(lanes)
  return inserted
}

/** `page?a=1&b=2`, with the query encoded. */
export function pagePath(page: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString()
  return qs ? `${page}?${qs}` : page
}

/** Events → recipients → one inbox entry and one outbox message each; the sender pushes the outbox. */
export function createNotificationsService(deps: { models: Models; config: Config }) {
  const { models } = deps
  const templates = notificationTemplates(deps.config)
  const listeners = new Set<() => void>()

  async function usersWithRole(role: 'secretary' | 'township', regionCode: string): Promise<Types.ObjectId[]> {
    const users = await models.User.find({ roles: { $elemMatch: { role, regionCode } } }, { _id: 1 }).lean()
    return users.map((u) => u._id)
  }

  async function subscribers(villageCode: string, category: string, itemId: string): Promise<Types.ObjectId[]> {
    const seen = new Set<string>()
    const out: Types.ObjectId[] = []
    // Two index lookups rather than one $or, so each uses { villageCode, kind, targetId }.
    for (const [kind, targetId] of [
      ['category', category],
      ['item', itemId],
    ] as const) {
      const cursor = models.Subscription.find({ villageCode, kind, targetId }, { userId: 1, _id: 0 }).lean().cursor()
      for await (const s of cursor) {
        const key = s.userId.toHexString()
        if (seen.has(key)) continue
        seen.add(key)
        out.push(s.userId)
      }
    }
    return out
  }

  const oid = (hex: string) => (Types.ObjectId.isValid(hex) ? [new Types.ObjectId(hex)] : [])

  /** Who hears about an event. */
  async function recipientsOf(event: NotificationEvent): Promise<Types.ObjectId[]> {
    switch (event.type) {
      case 'disclosure.published':
      case 'disclosure.updated':
        return subscribers(event.villageCode, event.category, event.itemId)
      case 'disclosure.returned':
      case 'review.approved':
        return oid(event.authorId)
      case 'alignment.discrepancy':
      case 'deadline.approaching':
        return usersWithRole('secretary', event.villageCode)
      case 'verification.requested': {
        const township = parentCode(event.villageCode)
        return township ? usersWithRole('township', township) : []
      }
      case 'question.answered':
        return oid(event.askerId)
    }
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
          body: `${villageName}${updated ? '更新了' : '公开了'}「${event.title}」，点击查看。`,
          page: NOTIFICATION_PAGES.disclosure,
          query: { id: event.disclosureId },
          values: { thing1: event.title, thing2: villageName, date3: at, phrase4: updated ? '已更新' : '已公示' },
        }
      }
      case 'disclosure.returned':
        return {
          purpose: 'progress',
          title: `草稿被退回：${event.title}`,
          body: event.reason ? `乡镇退回了「${event.title}」，原因：${event.reason}` : `乡镇退回了「${event.title}」，请修改后重新提交。`,
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
          body: event.detail ? `「${event.title}」与政府公开不一致：${event.detail}` : `「${event.title}」与政府公开不一致，请核对。`,
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
          values: { character_string1: ref, phrase2: '待核实', time3: at, thing4: `${villageName}${event.title}` },
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
      case 'deadline.approaching':
        return {
          purpose: 'progress',
          title: `即将到期：${event.title}`,
          body: `「${event.title}」的公开期限快到了，请及时处理。`,
          page: NOTIFICATION_PAGES.catalogItem,
          query: { id: event.itemId },
          values: { character_string1: ref, phrase2: '将到期', time3: event.dueAt, thing4: event.title },
        }
    }
  }

  return {
    templates,

    /**
     * Records an event for its recipients: an inbox entry each (the record of truth) and an outbox message each
     * (the best-effort push). Idempotent per event id: call it again after any failure and nothing is doubled.
     */
    async publishEvent(event: NotificationEvent): Promise<PublishResult> {
      const at = event.at ?? new Date()
      const recipients = await recipientsOf(event)
      if (recipients.length === 0) return { recipients: 0, inboxInserted: 0, outboxInserted: 0 }
      const region = await models.Region.findById(event.villageCode, { name: 1 }).lean()
      const rendered = render(event, region?.name ?? '本村', at)
      const template: TemplateDef = templates.byPurpose[rendered.purpose]
      const fitted = fitTemplateData(template.keys, rendered.values)
      const now = new Date()
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
        const _id = new Types.ObjectId()
        // The outbox id in the page identifies this delivery (and lets the simulator confirm it).
        const message: Omit<OutboxMessage, 'status' | 'errcode' | 'error'> = {
          _id,
          dedupeKey: `${event.id}|${userId.toHexString()}`,
          eventId: event.id,
          eventType: event.type,
          userId,
          regionCode: event.villageCode,
          templateId: template.templateId,
          page: pagePath(rendered.page, { ...rendered.query, n: _id.toHexString() }),
          data: fitted.ok ? fitted.data : {},
          attempts: 0,
          nextAttemptAt: now,
          leaseUntil: new Date(0),
          leaseOwner: null,
          inflight: false,
          creditTaken: false,
          msgid: null,
          createdAt: now,
          sentAt: null,
        }
        outbox.push(
          fitted.ok
            ? { ...message, status: 'pending', errcode: null, error: null }
            : // Our own validation refused the data: recorded as the 47003 WeChat would have answered, never sent.
              { ...message, status: 'failed', errcode: 47003, error: `invalid template data (checked locally): ${fitted.error}` },
        )
      }
      // Both are idempotent steps keyed by unique indexes; a crash between them is repaired by publishing again.
      const [inboxInserted, outboxInserted] = await Promise.all([
        insertIgnoringDuplicates(models.InboxEntry.collection, inbox),
        insertIgnoringDuplicates(models.Outbox.collection, outbox),
      ])
      if (outboxInserted > 0) for (const listener of listeners) listener()
      return { recipients: recipients.length, inboxInserted, outboxInserted }
    },

    /** Calls `listener` whenever new messages were queued (the in-process sender wakes up). */
    onEnqueued(listener: () => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },

    /** Outgoing messages in a region (and below), newest first. */
    async listOutbox(regionCode: string, status: OutboxStatus | undefined, limit: number) {
      const filter: Record<string, unknown> = { regionCode: { $regex: `^${regionPrefix(regionCode)}` } }
      if (status) filter.status = status
      return models.Outbox.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit).lean()
    },

    /** Queue depth by status and the age of the oldest pending message, in a region. */
    async outboxMetrics(regionCode: string): Promise<OutboxMetricsDto> {
      const region = { $regex: `^${regionPrefix(regionCode)}` }
      const byStatus: Record<string, number> = {}
      for (const status of OutboxStatusSchema.options) {
        byStatus[status] = await models.Outbox.countDocuments({ regionCode: region, status })
      }
      const oldest = await models.Outbox.findOne({ regionCode: region, status: 'pending' }, { createdAt: 1 })
        .sort({ createdAt: 1 })
        .lean()
      return OutboxMetricsDtoSchema.parse({
        byStatus,
        oldestPendingAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : null,
      })
    },
  }
}

/** The notifications service. */
export type NotificationsService = ReturnType<typeof createNotificationsService>
/** Event types, for callers that switch on them. */
export type { NotificationEventType }
