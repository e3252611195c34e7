import { DEMO_COUNTY_CODE } from '@cunwu/domain'
import { getMe } from '@/services/api/me'
import { isSignedIn } from '@/services/session'

/**
 * The region whose public content a page shows (办事指南, search): the `code` it was opened with (a disclosure's
 * village, a scanned link), else the signed-in person's active region or village, else the county the app serves (the
 * one whose townships 加入本村 lists, `pages/join`). Guides and published disclosures are read by anyone
 * (docs/service-guides.md, docs/api.md): signed out, or not yet in a village, a person reads the county's.
 */
export async function publicRegion(fromQuery: string | undefined): Promise<string> {
  if (fromQuery) return fromQuery
  if (!isSignedIn()) return DEMO_COUNTY_CODE
  const me = await getMe()
  return (
    me.activeRole?.regionCode ??
    me.memberships.find((m) => m.status === 'approved')?.villageCode ??
    DEMO_COUNTY_CODE
  )
}
