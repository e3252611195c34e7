import { z } from 'zod'
import { DivisionCodeSchema } from '../regions'
import { MembershipDtoSchema, ProxyDtoSchema } from './auth'
import { DisclosureDtoSchema } from './disclosures'
import { InfoRequestDtoSchema } from './info-requests'
import { RoleGrantDtoSchema } from './roles'

export { PrivacyStatusDtoSchema, type PrivacyStatusDto } from './privacy-status'

/** One section of the privacy policy. */
export const PrivacyPolicySectionSchema = z.object({
  heading: z.string().describe('Section heading (Simplified Chinese)'),
  paragraphs: z.array(z.string()).describe('Plain paragraphs (Simplified Chinese)'),
})

/** Response of `GET /api/v1/privacy-policy`: the current policy, as shown before acceptance. */
export const PrivacyPolicyDtoSchema = z.object({
  /** Version the person accepts; sent back in `POST /api/v1/me/privacy-consents`. */
  version: z.string(),
  /** Day the version takes effect (YYYY-MM-DD). */
  effectiveDate: z.string(),
  title: z.string(),
  sections: z.array(PrivacyPolicySectionSchema),
  /** Whom to ask about personal information (configurable; the village committee by default). */
  contact: z.string(),
})
export type PrivacyPolicyDto = z.infer<typeof PrivacyPolicyDtoSchema>

/** Body of `POST /api/v1/me/privacy-consents`: the version the person read and accepts. */
export const PrivacyConsentCreateSchema = z.object({
  version: z.string().min(1).max(32).describe('The policy version shown to the person'),
})
export type PrivacyConsentCreateReq = z.infer<typeof PrivacyConsentCreateSchema>

/** One recorded acceptance of the policy (the history is kept, newest last). */
export const PrivacyConsentDtoSchema = z.object({
  policyVersion: z.string(),
  /** ISO time of acceptance. */
  acceptedAt: z.string(),
})
export type PrivacyConsentDto = z.infer<typeof PrivacyConsentDtoSchema>

/** What a correction request asks for: change a wrong value, or delete something. */
/** A correction request is open until the secretary marks it done. */
export const CorrectionStatusSchema = z.enum(['open', 'done'])
export type CorrectionStatus = z.infer<typeof CorrectionStatusSchema>

export const CorrectionKindSchema = z.enum(['correct', 'delete']).describe('correct 更正, delete 删除')
export type CorrectionKind = z.infer<typeof CorrectionKindSchema>

/** Longest `target` and `text` of a correction request (characters as `textLength` counts them: an emoji is one). */
export const CORRECTION_TARGET_MAX = 100
export const CORRECTION_TEXT_MAX = 500

/** Body of `POST /api/v1/me/data/corrections`. */
export const CorrectionCreateSchema = z.object({
  /** The village whose records are concerned; the person must be (or have applied to be) a member. */
  villageCode: DivisionCodeSchema,
  kind: CorrectionKindSchema,
  /** Which record or field, in the person's words (e.g. 低保名单里的户号). */
  target: z
    .string()
    .trim()
    .min(1, '请写明是哪条信息')
    .max(CORRECTION_TARGET_MAX, `最多 ${CORRECTION_TARGET_MAX} 个字`),
  /** What is wrong and what it should be. */
  text: z
    .string()
    .trim()
    .min(2, '请写明要怎么改')
    .max(CORRECTION_TEXT_MAX, `最多 ${CORRECTION_TEXT_MAX} 个字`),
})
export type CorrectionCreateReq = z.infer<typeof CorrectionCreateSchema>

/** A correction request as its author and the village's secretary see it. */
export const CorrectionDtoSchema = z.object({
  id: z.string(),
  villageCode: z.string(),
  villageName: z.string().optional(),
  /** Name the person gave on joining the village (what the secretary knows them by). */
  name: z.string(),
  kind: CorrectionKindSchema,
  target: z.string(),
  text: z.string(),
  status: CorrectionStatusSchema,
  createdAt: z.string(),
})
export type CorrectionDto = z.infer<typeof CorrectionDtoSchema>

/** Response of `GET /api/v1/villages/:code/corrections`: the village's requests, newest first. */
export const CorrectionListDtoSchema = z.object({ corrections: z.array(CorrectionDtoSchema) })
export type CorrectionListDto = z.infer<typeof CorrectionListDtoSchema>

/**
 * Response of `GET /api/v1/me/data`: everything the product holds about the person (个人信息保护法第四十五条), as
 * JSON; `?download=1` sends the same as a file.
 */
export const MyDataDtoSchema = z.object({
  exportedAt: z.string(),
  account: z.object({
    id: z.string(),
    displayName: z.string(),
    /** The WeChat identifier we hold, shortened: it names the account, it is not a password. */
    wechatId: z.string(),
    createdAt: z.string(),
  }),
  roles: z.array(RoleGrantDtoSchema),
  memberships: z.array(MembershipDtoSchema),
  proxies: z.array(ProxyDtoSchema),
  privacyConsents: z.array(PrivacyConsentDtoSchema),
  subscriptions: z.array(
    z.object({
      villageCode: z.string(),
      kind: z.string(),
      targetId: z.string(),
      createdAt: z.string(),
      endedAt: z.string().nullable(),
    }),
  ),
  inbox: z.array(
    z.object({ title: z.string(), body: z.string(), createdAt: z.string(), readAt: z.string().nullable() }),
  ),
  payments: z.array(
    z.object({
      chargeId: z.string(),
      villageCode: z.string(),
      householdNo: z.string(),
      amountFen: z.number(),
      status: z.string(),
      createdAt: z.string(),
    }),
  ),
  /** 与我相关: published entries naming the person's household, with that household's rows only. */
  householdRows: z.array(DisclosureDtoSchema),
  corrections: z.array(CorrectionDtoSchema),
  /** The person's own information requests, with the identity as they gave it (it is their data). */
  infoRequests: z.array(InfoRequestDtoSchema),
  sessions: z.array(z.object({ createdAt: z.string(), expiresAt: z.string(), revoked: z.boolean() })),
})
export type MyDataDto = z.infer<typeof MyDataDtoSchema>
