import type {
  InboxEntryDto,
  InboxPageDto,
  NotificationTemplateDto,
  OutboxMessageDto,
  SubscriptionDto,
  SubscriptionsDto,
} from '@cunwu/domain'
import {
  findCatalogItem,
  listCatalogDomains,
  pagePath,
  PRIVATE_HOUSEHOLD_RECIPIENT_LABEL,
  PRIVATE_RECIPIENT_LABELS,
  redactSensitiveNumbers,
} from '@cunwu/domain'
import type { InboxEntry } from '../models/InboxEntry.model'
import { HOUSEHOLD_NOTICE_ENDING } from '../models/InboxEntry.model'
import type { OutboxMessageView } from '../models/Outbox.model'
import { isPrivateRecipient } from '../models/Outbox.model'
import type { Subscription } from '../models/Subscription.model'
import type { SubscriptionCredit } from '../models/SubscriptionCredit.model'

/**
 * A household notice stored before its wording changed (7083de4) ends …其中有您家的内容。登录后打开就能看到。 or
 * …您家的内容有变化。登录后打开就能看到。, which told a reader already signed in to sign in; it reads as those written
 * now do (HOUSEHOLD_NOTICE_ENDING, docs/households.md). The stored entry keeps its text.
 */
const OLD_HOUSEHOLD_NOTICE = /(其中有您家的内容|您家的内容有变化)。登录后打开就能看到。$/u

/** An entry's body in the words the app uses now. */
function currentBody(body: string): string {
  return body.replace(OLD_HOUSEHOLD_NOTICE, (_, said: string) => `${said}${HOUSEHOLD_NOTICE_ENDING}`)
}

/**
 * An inbox entry as its owner sees it, with a ready-to-open deep link. Its text repeats titles and notes written by
 * staff, so it goes through the same scrubber as every public string.
 */
export function presentInboxEntry(e: InboxEntry): InboxEntryDto {
  const query: Record<string, string> = {}
  for (const [k, v] of Object.entries(e.link.query ?? {})) query[k] = String(v)
  return {
    id: e._id.toHexString(),
    eventType: e.eventType,
    regionCode: e.regionCode,
    title: redactSensitiveNumbers(e.title),
    body: redactSensitiveNumbers(currentBody(e.body)),
    link: { page: e.link.page, query, path: pagePath(e.link.page, query) },
    createdAt: e.createdAt.toISOString(),
    readAt: e.readAt?.toISOString() ?? null,
  }
}

/** One page of a user's inbox. */
export function presentInboxPage(page: { entries: InboxEntry[]; nextBefore: string | null }): InboxPageDto {
  return { entries: page.entries.map(presentInboxEntry), nextBefore: page.nextBefore }
}

/**
 * Whom a message went to, as admins may read it: a requester's or asker's identity stays with the office addressed
 * (docs/info-requests.md, docs/questions.md); so does a household's, told that its own rows changed
 * (docs/households.md).
 */
function recipientOf(v: OutboxMessageView): string {
  const m = v.message
  if (isPrivateRecipient(m)) return PRIVATE_RECIPIENT_LABELS[m.eventType] ?? PRIVATE_HOUSEHOLD_RECIPIENT_LABEL
  return v.recipientName === null ? '已注销的用户' : redactSensitiveNumbers(v.recipientName)
}

/**
 * An outgoing message as admins see it: what it announced (its inbox title, scrubbed) and to whom in plain words;
 * no message data (it may name people).
 */
export function presentOutboxMessage(v: OutboxMessageView): OutboxMessageDto {
  const m = v.message
  return {
    id: m._id.toHexString(),
    eventId: m.eventId,
    eventType: m.eventType,
    userId: isPrivateRecipient(m) ? null : m.userId.toHexString(),
    title: v.title === null ? null : redactSensitiveNumbers(v.title),
    recipient: recipientOf(v),
    regionCode: m.regionCode,
    templateId: m.templateId,
    status: m.status,
    attempts: m.attempts,
    errcode: m.errcode,
    error: m.error,
    msgid: m.msgid,
    createdAt: m.createdAt.toISOString(),
    nextAttemptAt: m.status === 'pending' ? m.nextAttemptAt.toISOString() : null,
    sentAt: m.sentAt?.toISOString() ?? null,
  }
}

/** The name of what a subscription follows: a catalog domain or item (its id when it left the catalog). */
function targetName(s: Pick<Subscription, 'kind' | 'targetId'>): string {
  if (s.kind === 'category') return listCatalogDomains().find((d) => d.id === s.targetId)?.name ?? s.targetId
  return findCatalogItem(s.targetId)?.name ?? s.targetId
}

/** One thing a user follows. */
export function presentSubscription(s: Subscription): SubscriptionDto {
  return {
    id: s._id.toHexString(),
    villageCode: s.villageCode,
    kind: s.kind,
    targetId: s.targetId,
    targetName: targetName(s),
    createdAt: s.createdAt.toISOString(),
  }
}

/** A user's subscriptions and send credits, and the templates the mini-program may request. */
export function presentSubscriptions(v: {
  subscriptions: Subscription[]
  credits: SubscriptionCredit[]
  templates: readonly NotificationTemplateDto[]
}): SubscriptionsDto {
  return {
    subscriptions: v.subscriptions.map(presentSubscription),
    credits: v.credits.map((c) => ({ templateId: c.templateId, credits: c.credits, unlimited: c.unlimited })),
    templates: v.templates.map((t) => ({ templateId: t.templateId, purpose: t.purpose, kind: t.kind })),
  }
}
