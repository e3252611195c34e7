import { Types } from 'mongoose'
import type { NotificationEventType, OutboxMetricsDto, OutboxStatus } from '@cunwu/domain'
import { OutboxMetricsDtoSchema, OutboxStatusSchema, pagePath } from '@cunwu/domain'
import type { Models } from '../models'
import type { OutboxMessage, OutboxMessageView } from '../models/Outbox.model'
import { isPrivateRecipient } from '../models/Outbox.model'
import { regionPrefix } from '../policies/region.policy'

/** What an outbox message is made of. */
export interface OutboxDocumentInput {
  eventId: string
  eventType: NotificationEventType
  userId: Types.ObjectId
  regionCode: string
  templateId: string
  link: { page: string; query: Record<string, string> }
  /** Fitted template data, or null when our own validation refused it (`dataError` says why). */
  data: Record<string, string> | null
  dataError: string | null
  /** Set when the user has no send credit: the message is settled as skipped at once. */
  noCredit?: boolean
  /**
   * Whether being a recipient says something private (a household told that its own rows in a 低保 list changed):
   * the admin's view then withholds who it went to. @default false
   */
  privateRecipient?: boolean
  now: Date
}

/**
 * The page path of a link with the query parameter `n` appended, up to `n=`: an event's messages share their link and
 * differ only in `n`, so the rest is encoded once per link (the expander writes thousands per event). Undefined when the
 * link's query has its own `n` (pagePath then puts the outbox id in its place).
 */
const linkPrefixes = new WeakMap<OutboxDocumentInput['link'], string>()
function pagePrefix(link: OutboxDocumentInput['link']): string | undefined {
  if (Object.hasOwn(link.query, 'n')) return undefined
  let prefix = linkPrefixes.get(link)
  if (prefix === undefined) {
    const path = pagePath(link.page, link.query)
    prefix = path === link.page ? `${path}?` : `${path}&`
    linkPrefixes.set(link, prefix)
  }
  return prefix
}

/**
 * One outbox message, unique per (event, user) through `dedupeKey`: pending, or settled at once when our own
 * validation refused the data (the 47003 WeChat would answer) or the user has no send credit.
 */
export function outboxDocument(m: OutboxDocumentInput): OutboxMessage {
  const _id = new Types.ObjectId()
  const base = {
    _id,
    dedupeKey: `${m.eventId}|${m.userId.toHexString()}`,
    eventId: m.eventId,
    eventType: m.eventType,
    userId: m.userId,
    regionCode: m.regionCode,
    templateId: m.templateId,
    privateRecipient: m.privateRecipient === true,
    // The outbox id in the page identifies this delivery (and lets the simulator confirm it).
    page: pageWithId(m.link, _id.toHexString()),
    data: m.data ?? {},
    attempts: 0,
    nextAttemptAt: m.now,
    leaseUntil: new Date(0),
    leaseOwner: null,
    inflight: false,
    creditTaken: false,
    msgid: null,
    createdAt: m.now,
    sentAt: null,
  }
  if (m.data === null) {
    return {
      ...base,
      status: 'failed',
      errcode: 47003,
      error: `invalid template data (checked locally): ${m.dataError ?? ''}`,
    }
  }
  if (m.noCredit)
    return { ...base, status: 'skipped_no_credit', errcode: null, error: 'no send credit (counted locally)' }
  return { ...base, status: 'pending', errcode: null, error: null }
}

/** The link's page path with the outbox id as `n` (hex digits need no encoding). */
function pageWithId(link: OutboxDocumentInput['link'], id: string): string {
  const prefix = pagePrefix(link)
  return prefix === undefined ? pagePath(link.page, { ...link.query, n: id }) : `${prefix}n=${id}`
}

/** The outbox of WeChat subscribe messages as admins see it: messages and queue depth in a region. */
export class OutboxService {
  constructor(
    private readonly deps: { models: Pick<Models, 'Outbox' | 'NotificationEvent' | 'InboxEntry' | 'User'> },
  ) {}

  /**
   * Outgoing messages in a region (and below), newest first, each with the title it announced (the recipient's own
   * inbox entry, else the shared follower event) and the recipient's name where the admin may see who it is.
   */
  async list(
    regionCode: string,
    status: OutboxStatus | undefined,
    limit: number,
  ): Promise<OutboxMessageView[]> {
    const filter: Record<string, unknown> = { regionCode: { $regex: `^${regionPrefix(regionCode)}` } }
    if (status) filter.status = status
    const messages = await this.deps.models.Outbox.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean()
    const eventIds = [...new Set(messages.map((m) => m.eventId))]
    const named = messages.filter((m) => !isPrivateRecipient(m))
    const [entries, events, users] = await Promise.all([
      this.deps.models.InboxEntry.find(
        { eventId: { $in: eventIds }, userId: { $in: messages.map((m) => m.userId) } },
        { eventId: 1, userId: 1, title: 1 },
      ).lean(),
      this.deps.models.NotificationEvent.find({ key: { $in: eventIds } }, { key: 1, title: 1 }).lean(),
      this.deps.models.User.find({ _id: { $in: named.map((m) => m.userId) } }, { displayName: 1 }).lean(),
    ])
    const entryTitle = new Map(entries.map((e) => [`${e.eventId}|${e.userId.toHexString()}`, e.title]))
    const eventTitle = new Map(events.map((e) => [e.key, e.title]))
    const names = new Map(users.map((u) => [u._id.toHexString(), u.displayName]))
    return messages.map((message) => {
      const user = message.userId.toHexString()
      return {
        message,
        title: entryTitle.get(`${message.eventId}|${user}`) ?? eventTitle.get(message.eventId) ?? null,
        recipientName: isPrivateRecipient(message) ? null : (names.get(user) ?? null),
      }
    })
  }

  /** Queue depth by status and the age of the oldest pending message, in a region. */
  async metrics(regionCode: string): Promise<OutboxMetricsDto> {
    const region = { $regex: `^${regionPrefix(regionCode)}` }
    const byStatus: Record<string, number> = {}
    for (const status of OutboxStatusSchema.options) {
      byStatus[status] = await this.deps.models.Outbox.countDocuments({ regionCode: region, status })
    }
    const oldest = await this.deps.models.Outbox.findOne(
      { regionCode: region, status: 'pending' },
      { createdAt: 1 },
    )
      .sort({ createdAt: 1 })
      .lean()
    const eventsExpanding = await this.deps.models.NotificationEvent.countDocuments({
      'expansion.state': 'pending',
      villageCode: region,
    })
    return OutboxMetricsDtoSchema.parse({
      byStatus,
      oldestPendingAgeSeconds: oldest ? Math.max(0, (Date.now() - oldest.createdAt.getTime()) / 1000) : null,
      eventsExpanding,
    })
  }
}
