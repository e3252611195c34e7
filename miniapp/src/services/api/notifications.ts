import {
  InboxPageDtoSchema,
  InboxReadAllDtoSchema,
  InboxUnreadCountDtoSchema,
  SubscriptionsDtoSchema,
  type InboxPageDto,
  type SubscriptionCreateReq,
  type SubscriptionsDto,
} from '@cunwu/domain'
import { request } from '@/services/request'

const enc = encodeURIComponent

/** The user's subscriptions, send credits, and the templates the app may ask WeChat about. */
export function listSubscriptions(): Promise<SubscriptionsDto> {
  return request('/api/v1/subscriptions', { schema: SubscriptionsDtoSchema })
}

/** Records a `requestSubscribeMessage` answer and, when given, the category or item to follow. */
export function createSubscription(req: SubscriptionCreateReq): Promise<SubscriptionsDto> {
  return request('/api/v1/subscriptions', { method: 'POST', body: req, schema: SubscriptionsDtoSchema })
}

/** Stops following one category or item. */
export async function deleteSubscription(id: string): Promise<void> {
  await request(`/api/v1/subscriptions/${enc(id)}`, { method: 'DELETE' })
}

/** One page of the inbox, newest first; pass the previous page's `nextBefore` for the next one. */
export function getInbox(
  query: { before?: string; limit?: number; unread?: boolean } = {},
): Promise<InboxPageDto> {
  return request('/api/v1/inbox', {
    query: { before: query.before, limit: query.limit, unread: query.unread },
    schema: InboxPageDtoSchema,
  })
}

/** How many inbox entries are unread (for the badge on the home page). */
export async function getUnreadCount(): Promise<number> {
  const { count } = await request('/api/v1/inbox/unread-count', { schema: InboxUnreadCountDtoSchema })
  return count
}

/** Marks one entry read. */
export async function markInboxRead(id: string): Promise<void> {
  await request(`/api/v1/inbox/${enc(id)}/read`, { method: 'POST' })
}

/** Marks every entry read; answers how many changed. */
export async function markAllInboxRead(): Promise<number> {
  const { updated } = await request('/api/v1/inbox/read-all', {
    method: 'POST',
    schema: InboxReadAllDtoSchema,
  })
  return updated
}
