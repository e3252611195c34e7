import { z } from 'zod'
import { DivisionCodeSchema } from '../regions'
import { HOUSEHOLD_NO_RULE, isHouseholdNo } from '../households/normalize'
import { ObjectIdSchema } from './disclosures'

/** Longest household number, person's name, and reason for removing a member (characters). */
export const HOUSEHOLD_NO_MAX = 32
export const PERSON_NAME_MAX = 20
export const MEMBERSHIP_END_REASON_MAX = 200

/**
 * Household numbers as written on the roster, read after NFKC so full-width digits typed with a Chinese IME (`００９`)
 * are accepted as `009`: any form `isHouseholdNo` accepts (the one 户号 rule of tables and imports), so the 村民小组
 * may be written before the serial (`一组-001`, `1组001号`), as rosters whose numbers restart in each group need. The
 * roster lookup compares the normalised 户号 and the group (docs/households.md, "Normalisation").
 */
export const HouseholdNoSchema = z
  .string()
  .overwrite((value) => value.normalize('NFKC'))
  .trim()
  .min(1, '请填写户号')
  .max(HOUSEHOLD_NO_MAX, '户号过长')
  .refine(isHouseholdNo, HOUSEHOLD_NO_RULE)

/** Params with a village code. */
export const VillageParamsSchema = z.object({ code: DivisionCodeSchema })

/** Body of `POST /api/v1/villages/:code/memberships`: a villager applies to join. */
/** A villager's name as typed on a membership application or an invite. */
const PersonNameSchema = z.string().trim().min(1, '请填写姓名').max(PERSON_NAME_MAX, '姓名过长')

export const MembershipApplySchema = z.object({
  name: PersonNameSchema,
  householdNo: HouseholdNoSchema,
})
export type MembershipApplyReq = z.infer<typeof MembershipApplySchema>

/**
 * Where a membership stands: `pending` until the secretary decides, then `approved` (a villager) or `rejected`;
 * an approved membership becomes `ended` when the secretary removes the person or they leave the village.
 */
export const MembershipStatusSchema = z.enum(['pending', 'approved', 'rejected', 'ended'])
export type MembershipStatus = z.infer<typeof MembershipStatusSchema>
/** How a membership came about: the person applied, or used a secretary's invite. */
export const MembershipViaSchema = z.enum(['application', 'invite'])
export type MembershipVia = z.infer<typeof MembershipViaSchema>

/** Query of `GET /api/v1/villages/:code/memberships`. */
export const MembershipListQuerySchema = z.object({
  status: MembershipStatusSchema.optional(),
})

/** Params with a membership id. */
export const MembershipParamsSchema = z.object({ id: ObjectIdSchema })

/** Body of `POST /api/v1/memberships/:id/reject`. */
export const MembershipRejectSchema = z.object({ reason: z.string().trim().min(1, '请填写原因').max(200) })

/**
 * Why a secretary removes a villager: 户口迁出 and 去世 end the person's place on the village's lists from that day
 * (the cross-village checks flag them on a later list, docs/cross-checks.md); 误批 and 其他 do not.
 */
export const MembershipEndKindSchema = z.enum(['moved_out', 'died', 'wrong_approval', 'other'])
export type MembershipEndKind = z.infer<typeof MembershipEndKindSchema>

/**
 * Body of `POST /api/v1/memberships/:id/end`: the secretary removes a villager, saying which kind of removal it is
 * and the reason in words (kept on the membership and shown to the person).
 */
export const MembershipEndSchema = z.object({
  kind: MembershipEndKindSchema,
  reason: z.string().trim().min(2, '请写明移出的原因').max(MEMBERSHIP_END_REASON_MAX, '原因过长'),
})
export type MembershipEndReq = z.infer<typeof MembershipEndSchema>

/** Body of `POST /api/v1/villages/:code/invites`: an invite QR code for one household (or any). */
export const InviteCreateSchema = z.object({
  householdNo: HouseholdNoSchema,
  name: PersonNameSchema,
  /** Days the code stays valid. @default 7 */
  validDays: z.number().int().min(1).max(30).default(7),
})
export type InviteCreateReq = z.infer<typeof InviteCreateSchema>

/** An invite as the secretary sees it. */
export const InviteDtoSchema = z.object({
  scene: z.string(),
  villageCode: z.string(),
  householdNo: z.string(),
  name: z.string(),
  expiresAt: z.string(),
  /** PNG data URL of the QR code to print or show. */
  qrDataUrl: z.string(),
})
export type InviteDto = z.infer<typeof InviteDtoSchema>

/** Params of `POST /api/v1/invites/:scene/accept`; WeChat scene values are at most 32 visible characters. */
export const InviteParamsSchema = z.object({
  scene: z.string().regex(/^[0-9A-Za-z]{8,32}$/, '邀请码不对，请重新扫码'),
})

/** Params of `DELETE /api/v1/villages/:code/invites/:scene`: one open invite of the village. */
export const VillageInviteParamsSchema = VillageParamsSchema.extend(InviteParamsSchema.shape)

/**
 * An invite not yet used, expired or cancelled, as the village's secretaries and the township see it
 * (`GET /api/v1/villages/:code/invites`). `honoured` is false once its maker no longer holds the village's secretary
 * role held when it was made: scanning it then answers 410 (docs/households.md, "Invites").
 */
export const OpenInviteDtoSchema = z.object({
  scene: z.string(),
  householdNo: z.string(),
  name: z.string(),
  expiresAt: z.string(),
  /** When it was made; null for invites made before this was kept. */
  createdAt: z.string().nullable(),
  /** Display name of the secretary who made it. */
  makerName: z.string(),
  honoured: z.boolean(),
})
export type OpenInviteDto = z.infer<typeof OpenInviteDtoSchema>

/** Body of `POST /api/v1/villages/:code/proxies`: the secretary lets a family member act for a household member. */
export const ProxyGrantSchema = z.object({
  userId: ObjectIdSchema,
  householdNo: HouseholdNoSchema,
  forName: z.string().trim().min(1).max(20),
})
export type ProxyGrantReq = z.infer<typeof ProxyGrantSchema>
