import { z } from 'zod'
import {
  OutboxMessageDtoSchema,
  OutboxMetricsDtoSchema,
  type OutboxMessageDto,
  type OutboxMetricsDto,
  type OutboxStatus,
} from '@cunwu/domain'
import { request } from '@/services/request'

const OutboxListSchema = z.object({ messages: z.array(OutboxMessageDtoSchema) })

/**
 * Outgoing WeChat subscribe messages in a region (and below), newest first, for admins.
 * @param status only messages in this delivery state; all when left out.
 * @param limit at most this many. @default 100 (the BFF's default)
 */
export async function listOutbox(
  regionCode: string,
  status?: OutboxStatus,
  limit?: number,
): Promise<OutboxMessageDto[]> {
  const { messages } = await request('/api/v1/admin/outbox', {
    query: { regionCode, status, limit },
    schema: OutboxListSchema,
  })
  return messages
}

/** The queue at a glance in a region: messages by delivery state, the oldest pending one, events still expanding. */
export function getOutboxMetrics(regionCode: string): Promise<OutboxMetricsDto> {
  return request('/api/v1/admin/outbox/metrics', { query: { regionCode }, schema: OutboxMetricsDtoSchema })
}
