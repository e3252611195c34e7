import { useEffect, useState } from 'react'
import {
  isPublicDisclosureStatus,
  isWithin,
  RETRACTING_ROLES,
  type DisclosureDto,
  type MeDto,
} from '@cunwu/domain'
import { useSession } from '@/hooks/use-session'
import { getMe } from '@/services/api/me'

/**
 * Whether a person may withdraw the attachments of a village's disclosures: those who may retract there (the
 * village's secretary, the township and county above it: `RETRACTING_ROLES`), as the BFF checks it again.
 */
export function mayWithdrawAttachmentsIn(me: MeDto, villageCode: string): boolean {
  const roles: readonly string[] = RETRACTING_ROLES
  return me.roles.some((g) => roles.includes(g.role) && isWithin(villageCode, g.regionCode))
}

/**
 * Whether the signed-in person may withdraw the files this version lists: only a public version's files are
 * withdrawn (a draft's are deleted), so the profile is read only for a signed-in reader of one that lists files.
 */
export function useMayWithdrawAttachments(
  d: Pick<DisclosureDto, 'regionCode' | 'status' | 'attachments'> | null,
): boolean {
  const signedIn = useSession() !== null
  const [me, setMe] = useState<MeDto | null>(null)
  const wanted = signedIn && d !== null && d.attachments.length > 0 && isPublicDisclosureStatus(d.status)
  useEffect(() => {
    if (!wanted) return
    let live = true
    getMe().then(
      (m) => live && setMe(m),
      () => live && setMe(null),
    )
    return () => {
      live = false
    }
  }, [wanted])
  return wanted && me !== null && mayWithdrawAttachmentsIn(me, d.regionCode)
}
