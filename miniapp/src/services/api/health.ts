import { HealthDtoSchema, type HealthDto } from '@cunwu/domain'
import { request } from '@/services/request'

/** Fetches the BFF's health: service status, database state, version and server time. */
export function getHealth(): Promise<HealthDto> {
  return request('/api/v1/health', { schema: HealthDtoSchema })
}
