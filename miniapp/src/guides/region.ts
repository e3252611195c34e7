import { DEMO_COUNTY_CODE } from '@cunwu/domain'
import { getMe } from '@/services/api/me'
import { isSignedIn } from '@/services/session'

/**
 * The region whose 办事指南 a page shows: the `code` it was opened with (a disclosure's village, a scanned link), else
 * the signed-in person's active region or village, else the county the app serves (the one whose townships 加入本村
 * lists, `pages/join`). Guides are read by anyone (docs/service-guides.md): signed out, or not yet in a village, a
 * person reads the county's text without a village's notes.
 */
export async function guideRegion(fromQuery: string | undefined): Promise<string> {
  if (fromQuery) return fromQuery
  if (!isSignedIn()) return DEMO_COUNTY_CODE
  const me = await getMe()
  return (
    me.activeRole?.regionCode ??
    me.memberships.find((m) => m.status === 'approved')?.villageCode ??
    DEMO_COUNTY_CODE
  )
}
