import { Schema } from 'mongoose'
import type { Connection, Model, Types } from 'mongoose'
import { RoleSchema } from '@cunwu/domain'
import type { Role } from '@cunwu/domain'

/** A role held for a region. */
export interface RoleGrant {
  role: Role
  regionCode: string
  grantedBy: Types.ObjectId | null
  grantedAt: Date
}

/** One acceptance of a privacy policy version. */
export interface PrivacyConsent {
  policyVersion: string
  acceptedAt: Date
}

/** A person who signed in with WeChat. */
export interface User {
  _id: Types.ObjectId
  /** WeChat openid for our appid. */
  openid: string
  unionid: string | null
  displayName: string
  /**
   * 账号编号 (`ACCOUNT_CODE_ALPHABET`, 8 characters), given the first time the person opens 我的 and shown there, so an
   * administrator can find them (`GET /admin/users/lookup`); absent until then.
   */
  accountCode?: string | null
  /** Roles held, each for a region; villager roles follow approved memberships. */
  roles: RoleGrant[]
  activeRole: { role: Role; regionCode: string } | null
  /** Demo sign-in key (simulator only); null for real users. */
  demoUserKey: string | null
  /** Every acceptance of the privacy policy, oldest first (kept as history; see docs/privacy.md). */
  privacyConsents: PrivacyConsent[]
  createdAt: Date
  updatedAt: Date
}

const roleGrantSchema = new Schema<RoleGrant>(
  {
    role: { type: String, required: true, enum: RoleSchema.options },
    regionCode: { type: String, required: true, match: /^\d{12}$/ },
    grantedBy: { type: Schema.Types.ObjectId, default: null },
    grantedAt: { type: Date, required: true },
  },
  { _id: false },
)

const privacyConsentSchema = new Schema<PrivacyConsent>(
  { policyVersion: { type: String, required: true }, acceptedAt: { type: Date, required: true } },
  { _id: false },
)

const userSchema = new Schema<User>(
  {
    openid: { type: String, required: true, unique: true },
    unionid: { type: String, default: null },
    displayName: { type: String, required: true },
    accountCode: { type: String, default: null },
    roles: { type: [roleGrantSchema], default: [] },
    activeRole: { type: new Schema({ role: String, regionCode: String }, { _id: false }), default: null },
    demoUserKey: { type: String, default: null },
    privacyConsents: { type: [privacyConsentSchema], default: [] },
  },
  { timestamps: true },
)
userSchema.index({ 'roles.regionCode': 1 })
userSchema.index(
  { accountCode: 1 },
  { unique: true, partialFilterExpression: { accountCode: { $type: 'string' } } },
)

/** Registers (once) and returns the User model on a connection. */
export function userModel(conn: Connection): Model<User> {
  return conn.models.User ?? conn.model<User>('User', userSchema)
}
