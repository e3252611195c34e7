import { z } from 'zod'
import { MembershipStatusSchema, MembershipViaSchema } from './memberships'
import { RoleGrantDtoSchema } from './roles'
import { PrivacyStatusDtoSchema } from './privacy-status'

/** Body of `POST /api/v1/auth/wechat`: the code from `wx.login` (or the simulator's sign-in page in H5). */
export const AuthWechatSchema = z.object({
  code: z.string().min(1).max(128).describe('one-time login code from wx.login, valid 5 minutes'),
})
export type AuthWechatReq = z.infer<typeof AuthWechatSchema>

/** Body of `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`. */
export const AuthRefreshSchema = z.object({ refreshToken: z.string().min(20).max(256) })
export type AuthRefreshReq = z.infer<typeof AuthRefreshSchema>

/** Tokens issued at sign-in and on refresh. */
export const AuthTokensDtoSchema = z.object({
  /** Short-lived JWT for `Authorization: Bearer`. */
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
  /** Opaque, single-use token to obtain new tokens; rotated on every refresh. */
  refreshToken: z.string(),
})
export type AuthTokensDto = z.infer<typeof AuthTokensDtoSchema>

/** A village membership as its holder sees it. */
export const MembershipDtoSchema = z.object({
  id: z.string(),
  userId: z.string(),
  villageCode: z.string(),
  villageName: z.string().optional(),
  /** Name given when applying. */
  name: z.string(),
  householdNo: z.string(),
  status: MembershipStatusSchema,
  /** How the membership came about. */
  via: MembershipViaSchema,
  appliedAt: z.string(),
  decidedAt: z.string().optional(),
  /** Reason given on rejection, or by the secretary on removing the person. */
  reason: z.string().optional(),
  /** When an approved membership ended (status `ended`). */
  endedAt: z.string().optional(),
  /** Who ended it: the person themselves (left the village) or the village's secretary (removed them). */
  endedBy: z.enum(['member', 'secretary']).optional(),
})
export type MembershipDto = z.infer<typeof MembershipDtoSchema>

/**
 * How an application or a member compares with the village's household roster (docs/households.md): `match` (the
 * 户号 is on the roster and names the person), `already_member` (it does, but another account's active membership
 * holds that person), `name_not_in_household`, `unknown_household`, `group_needed` (the 户号 names no 村民小组 and
 * households of that serial in several groups name the person). Only `match` can be approved.
 */
export const RosterMatchSchema = z.enum([
  'match',
  'already_member',
  'name_not_in_household',
  'unknown_household',
  'group_needed',
])
export type RosterMatch = z.infer<typeof RosterMatchSchema>

/** Proxy rights: the holder acts for an (often elderly) member of a household. */
export const ProxyDtoSchema = z.object({
  villageCode: z.string(),
  householdNo: z.string(),
  /** Name of the household member the proxy acts for. */
  forName: z.string(),
})
export type ProxyDto = z.infer<typeof ProxyDtoSchema>

/** Response of `GET /api/v1/me`. */
export const MeDtoSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  /** 账号编号 (`ABCD-2345`), shown on 我的 for the person to read out to an administrator who grants them a role. */
  accountCode: z.string(),
  roles: z.array(RoleGrantDtoSchema),
  /** The role the app currently shows; null until the user has any role. */
  activeRole: RoleGrantDtoSchema.nullable(),
  memberships: z.array(MembershipDtoSchema),
  proxies: z.array(ProxyDtoSchema),
  /** Whether the person must (again) accept the privacy policy before personal features (docs/privacy.md). */
  privacy: PrivacyStatusDtoSchema.optional(),
})
export type MeDto = z.infer<typeof MeDtoSchema>

/** A demo person the development sign-in page offers (simulator only). */
export const DemoUserDtoSchema = z.object({
  userKey: z.string(),
  displayName: z.string(),
  /** What this person can do in the demo, e.g. "东风村 村务管理员". */
  description: z.string(),
})
export type DemoUserDto = z.infer<typeof DemoUserDtoSchema>

/** Body of `POST /api/v1/dev/login-code`. */
export const DevLoginCodeSchema = z.object({ userKey: z.string().min(1).max(64) })
export type DevLoginCodeReq = z.infer<typeof DevLoginCodeSchema>
