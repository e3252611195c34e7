import { downloadWithAuth } from '@/services/download'
import { apiUrl } from '@/services/request'

/** The URL of a township's print job: every village's poster of one catalog item and period, in one PDF. */
export function regionPostersUrl(regionCode: string, catalogItemId: string, period: string): string {
  return apiUrl(`/api/v1/regions/${regionCode}/posters.pdf`, { catalogItemId, period, size: 'A4' })
}

/** Downloads the township's print job (it needs the token, so it is fetched, not linked). */
export function downloadRegionPosters(
  regionCode: string,
  catalogItemId: string,
  period: string,
): Promise<void> {
  return downloadWithAuth(
    regionPostersUrl(regionCode, catalogItemId, period),
    `各村公示-${period}.pdf`,
    'pdf',
    {
      code: 'posters_failed',
      message: '没有找到这一期各村的公示，或暂时不能生成，请稍后再试',
    },
  )
}
