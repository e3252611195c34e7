// Whether the signed-in person must (again) accept the privacy policy: the one privacy request every start makes
// (services/privacy-gate.ts). Apart from services/api/privacy.ts so that the app's entry, which runs the check, does
// not carry the schemas of 我的信息 and the correction requests (and the disclosures and information requests they
// hold) that only those pages read (docs/offline.md, The first screen).
import { PrivacyStatusDtoSchema, type PrivacyStatusDto } from '@cunwu/domain'
import { request } from '@/services/request'

/** Whether the signed-in person must (again) accept the policy. */
export function getPrivacyStatus(): Promise<PrivacyStatusDto> {
  return request('/api/v1/me/privacy', { schema: PrivacyStatusDtoSchema })
}
