import type { InboxEntryDto, InboxPageDto, OutboxMessageDto } from '@cunwu/domain'
import { pagePath, redactSensitiveNumbers } from '@cunwu/domain'
import type { InboxEntry } from '../models/InboxEntry.model'
import type { OutboxMessage } from '../models/Outbox.model'

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
    body: redactSensitiveNumbers(e.body),
    link: { page: e.link.page, query, path: pagePath(e.link.page, query) },
    createdAt: e.createdAt.toISOString(),
    readAt: e.readAt?.toISOString() ?? null,
  }
}

/** One page of a user's inbox. */
export function presentInboxPage(page: { entries: InboxEntry[]; nextBefore: string | null }): InboxPageDto {
  return { entries: page.entries.map(presentInboxEntry), nextBefore: page.nextBefore }
}

/** An outgoing message as admins see it (no message data: it may name people). */
export function presentOutboxMessage(m: OutboxMessage): OutboxMessageDto {
  return {
    id: m._id.toHexString(),
    eventId: m.eventId,
    eventType: m.eventType,
    userId: m.userId.toHexString(),
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
