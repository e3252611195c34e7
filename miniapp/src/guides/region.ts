import { getMe } from '@/services/api/me'
import { isSignedIn } from '@/services/session'

/**
 * The region whose 办事指南 a page shows: the `code` it was opened with (a disclosure's village, a scanned link), else
 * the signed-in person's active region or village; null when there is none (the page then asks to sign in).
 */
export async function guideRegion(fromQuery: string | undefined): Promise<string | null> {
  if (fromQuery) return fromQuery
  if (!isSignedIn()) return null
  const me = await getMe()
  return me.activeRole?.regionCode ?? me.memberships.find((m) => m.status === 'approved')?.villageCode ?? null
}
