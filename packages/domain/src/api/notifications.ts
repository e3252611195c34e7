import { z } from 'zod'
import { CatalogIdSchema } from '../catalog'
import { DivisionCodeSchema } from '../regions'
import { ObjectIdSchema } from './disclosures'

/**
 * Notifications: subscriptions with WeChat send credits, the in-app inbox (the record of truth)
 * and the outbox of WeChat subscribe messages (best-effort push), as seen by the mini-program and admins.
 */

/** What `wx.requestSubscribeMessage` answered for one template id. */
export const SubscribeDecisionSchema = z
  .enum(['accept', 'reject', 'ban', 'filter', 'acceptWithAudio'])
  .describe(
    'accept (or acceptWithAudio) grants one send credit (one-time) or a standing subscription (long-term)',
  )
export type SubscribeDecision = z.infer<typeof SubscribeDecisionSchema>

/** A WeChat subscribe-message template id. */
export const TemplateIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z_-]{1,64}$/, '消息模板的编号不对')
  .describe('Template id from the MP console (the simulator uses tmpl_*)')

/**
 * Body of `POST /api/v1/subscriptions`: the result of `wx.requestSubscribeMessage`, optionally with what to follow.
 * Without `category` and `itemId` only the credits are recorded (e.g. a secretary allowing review notices).
 */
export const SubscriptionCreateSchema = z
  .object({
    /** A catalog domain id to follow in the village (e.g. `social-assistance` 社会救助). */
    category: CatalogIdSchema.optional(),
    /** A catalog item id to follow the updates of (e.g. `social-assistance.dibao.list`). */
    itemId: CatalogIdSchema.optional(),
    /** The village; @default the one village where the user is a villager. */
    villageCode: DivisionCodeSchema.optional(),
    /** `wx.requestSubscribeMessage` results: template id → decision; at most 3 ids, as WeChat allows. */
    results: z
      .record(TemplateIdSchema, SubscribeDecisionSchema)
      .refine((r) => Object.keys(r).length >= 1, '至少需要一个模板结果')
      .refine((r) => Object.keys(r).length <= 3, '一次最多订阅 3 个模板'),
    /**
     * Identifies one answer of the WeChat prompt, made by the mini-program when it asks. Sending the same
     * answer again (a retry) then counts its credits once.
     */
    requestId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '订阅请求的编号不对，请重新订阅')
      .optional(),
  })
  .strict()
  .refine((b) => !(b.category && b.itemId), { message: '一次只能订阅一个栏目或一条内容', path: ['itemId'] })
export type SubscriptionCreateReq = z.infer<typeof SubscriptionCreateSchema>

/** Params with a subscription id. */
export const SubscriptionParamsSchema = z.object({ id: ObjectIdSchema })

/** What a subscription follows: a catalog domain (category) or one catalog item. */
export const SubscriptionKindSchema = z.enum(['category', 'item'])
export type SubscriptionKind = z.infer<typeof SubscriptionKindSchema>

/** One thing a user follows. */
export const SubscriptionDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  kind: SubscriptionKindSchema,
  /** Catalog domain id (kind `category`) or catalog item id (kind `item`). */
  targetId: z.string(),
  /** The domain or item name, in Chinese. */
  targetName: z.string(),
  createdAt: z.string(),
})
export type SubscriptionDto = z.infer<typeof SubscriptionDtoSchema>

/** The send credits a user holds for one template (as the BFF counts them; WeChat has the final word). */
export const SubscriptionCreditDtoSchema = z.object({
  templateId: z.string(),
  /** Remaining one-time credits. */
  credits: z.number().int().min(0),
  /** A long-term template the user accepted: no credit is used per message. */
  unlimited: z.boolean(),
})
export type SubscriptionCreditDto = z.infer<typeof SubscriptionCreditDtoSchema>

/** A template the mini-program may pass to `wx.requestSubscribeMessage`. */
export const NotificationTemplateDtoSchema = z.object({
  templateId: z.string(),
  /** What it announces: disclosure (new or updated lists), progress (review results, tasks), question (replies). */
  purpose: z.enum(['disclosure', 'progress', 'question']),
  kind: z.enum(['one_time', 'long_term']),
})
export type NotificationTemplateDto = z.infer<typeof NotificationTemplateDtoSchema>

/** Response of `GET /api/v1/subscriptions` (and of `POST`). */
export const SubscriptionsDtoSchema = z.object({
  subscriptions: z.array(SubscriptionDtoSchema),
  credits: z.array(SubscriptionCreditDtoSchema),
  templates: z.array(NotificationTemplateDtoSchema),
})
export type SubscriptionsDto = z.infer<typeof SubscriptionsDtoSchema>

/** Event types that produce notifications. */
export const NotificationEventTypeSchema = z.enum([
  'disclosure.published',
  'disclosure.updated',
  'disclosure.retracted',
  'disclosure.returned',
  'review.approved',
  'review.retracted',
  'alignment.discrepancy',
  /** A household on the government's list of an item whose village list lacks it (docs/households.md). */
  'alignment.household_only_in_government',
  'verification.requested',
  'question.answered',
  'question.overdue',
  'info_request.progress',
  'deadline.approaching',
  'correction.requested',
  'cross_check.confirmed',
  'consultation.opened',
  'consultation.reminder',
  'follows.merged',
])
export type NotificationEventType = z.infer<typeof NotificationEventTypeSchema>

/** Where a notification leads: a mini-program page and its query. */
export const DeepLinkSchema = z.object({
  /** Page path without a leading slash, e.g. `pages/disclosure-detail/index`. */
  page: z.string(),
  query: z.record(z.string(), z.string()),
  /** `page?query`, ready for `Taro.navigateTo({ url: '/' + path })`. */
  path: z.string(),
})
export type DeepLink = z.infer<typeof DeepLinkSchema>

/** A deep link's `path`: `page?a=1&b=2`, with the query encoded (the page alone when there is no query). */
export function pagePath(page: string, query: Record<string, string>): string {
  const qs = new URLSearchParams(query).toString()
  return qs ? `${page}?${qs}` : page
}

/** Query of `GET /api/v1/inbox`: newest first, paged by the last id seen. */
export const InboxListQuerySchema = z.object({
  /** @default 20 */
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** Return entries older than this entry id (the previous page's `nextBefore`). */
  before: ObjectIdSchema.optional(),
  /** Only unread entries. @default false */
  unread: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
})

/** Params with an inbox entry id. */
export const InboxParamsSchema = z.object({ id: ObjectIdSchema })

/** One inbox entry. */
export const InboxEntryDtoSchema = z.object({
  id: z.string(),
  eventType: NotificationEventTypeSchema,
  regionCode: z.string(),
  title: z.string(),
  body: z.string(),
  link: DeepLinkSchema,
  createdAt: z.string(),
  readAt: z.string().nullable(),
})
export type InboxEntryDto = z.infer<typeof InboxEntryDtoSchema>

/** Response of `GET /api/v1/inbox`. */
export const InboxPageDtoSchema = z.object({
  entries: z.array(InboxEntryDtoSchema),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.string().nullable(),
})
export type InboxPageDto = z.infer<typeof InboxPageDtoSchema>

/** Response of `GET /api/v1/inbox/unread-count`. */
export const InboxUnreadCountDtoSchema = z.object({ count: z.number().int().min(0) })

/** Response of `POST /api/v1/inbox/read-all`. */
export const InboxReadAllDtoSchema = z.object({ updated: z.number().int().min(0) })

/** Delivery states of an outgoing WeChat message. */
export const OutboxStatusSchema = z
  .enum(['pending', 'sent', 'skipped_no_credit', 'skipped_withdrawn', 'failed', 'ambiguous'])
  .describe(
    'pending: queued or waiting for a retry; sent; skipped_no_credit: no credit (locally or 43101), the inbox entry stays; skipped_withdrawn: announces a disclosure version retracted before the message left, not sent and no credit used (the retraction has its own message); failed: a permanent error (errcode); ambiguous: the send timed out and could not be proven either way (at-most-once: not retried)',
  )
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>

/** Query of `GET /api/v1/admin/outbox`. */
export const OutboxListQuerySchema = z.object({
  regionCode: DivisionCodeSchema,
  status: OutboxStatusSchema.optional(),
  /** @default 100 */
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

/** Query of `GET /api/v1/admin/outbox/metrics`. */
export const OutboxMetricsQuerySchema = z.object({ regionCode: DivisionCodeSchema })

/**
 * Messages whose recipient is a requester (依申请公开) or an asker (提问、异议): admins are not told who they are
 * (docs/info-requests.md, docs/questions.md), so the outbox view names the recipient by this word instead of an id.
 */
export const PRIVATE_RECIPIENT_LABELS: Partial<Record<NotificationEventType, string>> = {
  'info_request.progress': '申请人',
  'question.answered': '提问人',
}

/** How the outbox view names a household told about its own rows in a list (docs/households.md), never who it is. */
export const PRIVATE_HOUSEHOLD_RECIPIENT_LABEL = '名单上的住户'

/** One outgoing message as admins see it. */
export const OutboxMessageDtoSchema = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: NotificationEventTypeSchema,
  /** null when the recipient is a requester or an asker (`PRIVATE_RECIPIENT_LABELS` names them) or a household. */
  userId: z.string().nullable(),
  /** What the message announced, as its recipient's inbox shows it (null when that record is gone). */
  title: z.string().nullable(),
  /**
   * To whom, in plain words: the person's name; 申请人, 提问人 or 名单上的住户 where who it is stays private; 已注销的用户
   * when the account is gone.
   */
  recipient: z.string(),
  regionCode: z.string(),
  templateId: z.string(),
  status: OutboxStatusSchema,
  attempts: z.number().int(),
  /** WeChat errcode of the last failure (47003 also when our own validation refused the data). */
  errcode: z.number().int().nullable(),
  error: z.string().nullable(),
  msgid: z.string().nullable(),
  createdAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
})
export type OutboxMessageDto = z.infer<typeof OutboxMessageDtoSchema>

/** Response of `GET /api/v1/admin/outbox/metrics`. */
export const OutboxMetricsDtoSchema = z.object({
  byStatus: z.record(OutboxStatusSchema, z.number().int().min(0)),
  /** Age in seconds of the oldest pending message; null when none is pending. */
  oldestPendingAgeSeconds: z.number().nullable(),
  /** Events told to followers whose messages the sender is still writing (their followers are not counted above yet). */
  eventsExpanding: z.number().int().min(0),
})
export type OutboxMetricsDto = z.infer<typeof OutboxMetricsDtoSchema>
