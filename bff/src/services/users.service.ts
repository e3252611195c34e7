import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import type { ActiveRoleReq, RoleGrantCreateReq } from '@cunwu/domain'
import { ACCOUNT_CODE_ALPHABET, ErrorCode, ROLE_LEVELS, levelOfCode, parentCode } from '@cunwu/domain'
import { AppError, forbidden, notFound } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'
import type { Membership } from '../models/Membership.model'
import type { Proxy } from '../models/Proxy.model'
import type { User } from '../models/User.model'
import { mayActIn, regionPrefix } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import { regionNames } from './regions.service'

/** Profiles, role switching and role grants by admins. */
export class UsersService {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /** The signed-in user's profile: roles, the active role, memberships and proxy rights. */
  async getMe(user: User): Promise<{
    user: User
    accountCode: string
    memberships: Membership[]
    proxies: Proxy[]
    regionNames: Map<string, string>
  }> {
    const [memberships, proxies, accountCode] = await Promise.all([
      this.deps.models.Membership.find({ userId: user._id }).sort({ appliedAt: -1 }).lean(),
      this.deps.models.Proxy.find({ userId: user._id }).lean(),
      this.accountCodeOf(user),
    ])
    const names = await regionNames(this.deps.models, [
      ...user.roles.map((r) => r.regionCode),
      ...memberships.map((m) => m.villageCode),
    ])
    return { user, accountCode, memberships, proxies, regionNames: names }
  }

  /** Switches which of one's own roles the app shows. */
  async setActiveRole(user: User, req: ActiveRoleReq): Promise<void> {
    const holds = user.roles.some((r) => r.role === req.role && r.regionCode === req.regionCode)
    if (!holds) throw new AppError(422, ErrorCode.RoleNotHeld, '您没有这个身份，无法切换')
    await this.deps.models.User.updateOne(
      { _id: user._id },
      { $set: { activeRole: { role: req.role, regionCode: req.regionCode } } },
    )
  }

  /** Grants a staff role for a region; the admin must cover that region and the region must exist at the role's level. */
  async grantRole(admin: User, req: RoleGrantCreateReq, actor: Actor): Promise<void> {
    if (!mayActIn(admin.roles, ['admin'], req.regionCode)) throw forbidden('您没有该地区的管理权限')
    await this.grant(req, admin._id, actor)
  }

  /**
   * A grant by the setup command (`npm run setup -- admin`, bff/src/setup.ts), which runs on the server with the
   * operator's access to its database: the first admin of an install, whom no admin can grant. The same checks as
   * `grantRole` otherwise; recorded as granted by nobody.
   */
  async grantRoleBySetup(req: RoleGrantCreateReq, actor: Actor): Promise<void> {
    await this.grant(req, null, actor)
  }

  private async grant(
    req: RoleGrantCreateReq,
    grantedBy: Types.ObjectId | null,
    actor: Actor,
  ): Promise<void> {
    const level = levelOfCode(req.regionCode)
    if (!ROLE_LEVELS[req.role].includes(level)) {
      throw new AppError(422, ErrorCode.RoleLevelMismatch, '该身份不能授予在这一级地区')
    }
    if (!(await this.deps.models.Region.exists({ _id: req.regionCode }))) throw notFound('地区')
    if (!Types.ObjectId.isValid(req.userId)) throw notFound('用户')
    const grant = {
      role: req.role,
      regionCode: req.regionCode,
      grantedBy,
      grantedAt: new Date(),
    }
    // The filter makes a repeated grant a no-op rather than a duplicate entry.
    const res = await this.deps.models.User.updateOne(
      { _id: req.userId, roles: { $not: { $elemMatch: { role: req.role, regionCode: req.regionCode } } } },
      { $push: { roles: grant } },
    )
    if (res.matchedCount === 0 && !(await this.deps.models.User.exists({ _id: req.userId })))
      throw notFound('用户')
    await this.deps.audit.record(actor, {
      action: 'role.grant',
      targetType: 'user',
      targetId: req.userId,
      regionCode: req.regionCode,
      data: { role: req.role, changed: res.modifiedCount === 1 },
    })
  }

  /**
   * Revokes a staff role; clears it as the active role too. Audited as `changed` only when the person held the grant:
   * the filter matches only then (the update itself always counts as a modification, `timestamps` sets updatedAt).
   * The last admin grant covering a region is not removed (409 `last_admin`): with none left, nobody could grant
   * roles there until the setup command is run on the server.
   */
  async revokeRole(admin: User, req: RoleGrantCreateReq, actor: Actor): Promise<void> {
    if (!mayActIn(admin.roles, ['admin'], req.regionCode)) throw forbidden('您没有该地区的管理权限')
    if (!Types.ObjectId.isValid(req.userId)) throw notFound('用户')
    const held = { role: req.role, regionCode: req.regionCode }
    if (req.role === 'admin') await this.requireAnotherAdmin(req.userId, req.regionCode)
    const res = await this.deps.models.User.updateOne(
      { _id: req.userId, roles: { $elemMatch: held } },
      { $pull: { roles: held } },
    )
    if (res.matchedCount === 0 && !(await this.deps.models.User.exists({ _id: req.userId })))
      throw notFound('用户')
    await this.deps.models.User.updateOne(
      { _id: req.userId, 'activeRole.role': req.role, 'activeRole.regionCode': req.regionCode },
      { $set: { activeRole: null } },
    )
    await this.deps.audit.record(actor, {
      action: 'role.revoke',
      targetType: 'user',
      targetId: req.userId,
      regionCode: req.regionCode,
      data: { role: req.role, changed: res.matchedCount === 1 },
    })
  }

  /**
   * Refuses to remove `userId`'s admin grant of `regionCode` when no other admin grant covers that region (another
   * person's, or the same person's for a region above). Two admins removing each other at the same moment can both
   * pass this check; it guards the slip of one, not a race of two.
   */
  private async requireAnotherAdmin(userId: string, regionCode: string): Promise<void> {
    const covering: string[] = []
    for (let c: string | null = regionCode; c !== null; c = parentCode(c)) covering.push(c)
    const above = covering.filter((c) => c !== regionCode)
    const another = await this.deps.models.User.exists({
      $or: [
        { _id: { $ne: userId }, roles: { $elemMatch: { role: 'admin', regionCode: { $in: covering } } } },
        { _id: userId, roles: { $elemMatch: { role: 'admin', regionCode: { $in: above } } } },
      ],
    })
    const holds = await this.deps.models.User.exists({
      _id: userId,
      roles: { $elemMatch: { role: 'admin', regionCode } },
    })
    if (holds && !another)
      throw new AppError(
        409,
        ErrorCode.LastAdmin,
        '这是本地区最后一位系统管理员，不能移除。请先给另一个人授予系统管理员身份，再移除这一位',
      )
  }

  /**
   * One page of the users holding any role within a region, for the admin's list: newest first by id, at most
   * `limit`, those before the user `before` (the last of the previous page) when given.
   */
  async listInRegion(regionCode: string, limit = 200, before?: string) {
    return this.deps.models.User.find(
      {
        'roles.regionCode': { $regex: `^${regionPrefix(regionCode)}` },
        ...(before ? { _id: { $lt: new Types.ObjectId(before) } } : {}),
      },
      { openid: 0 },
    )
      .sort({ _id: -1 })
      .limit(limit)
      .lean()
  }

  /** The names of the regions a list of people holds roles in, by code, in one query (the admin's 人员与权限). */
  async roleRegionNames(users: readonly Pick<User, 'roles'>[]): Promise<Map<string, string>> {
    return regionNames(
      this.deps.models,
      users.flatMap((u) => u.roles.map((r) => r.regionCode)),
    )
  }

  /**
   * The person whose account code (shown on their 我的 page) an admin typed, with or without roles: how an admin
   * finds someone who has only signed in, to grant them a role. 404 for a code nobody has.
   */
  async findByAccountCode(code: string): Promise<Omit<User, 'openid'>> {
    const user = await this.deps.models.User.findOne({ accountCode: code }, { openid: 0 }).lean()
    if (!user)
      throw new AppError(404, ErrorCode.NotFound, '没有这个账号编号的人：请对方打开“我的”页面再核对一遍')
    return user
  }

  /** The person's account code, given now (once, unique, kept) if they have none yet. */
  async accountCodeOf(user: User): Promise<string> {
    if (user.accountCode) return user.accountCode
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await this.deps.models.User.updateOne(
          { _id: user._id, accountCode: null },
          { $set: { accountCode: newAccountCode() } },
        )
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        continue
      }
      // Another request may have given one first: whichever was stored is the person's.
      const stored = await this.deps.models.User.findById(user._id, { accountCode: 1 }).lean()
      if (stored?.accountCode) return stored.accountCode
      throw notFound('用户')
    }
    throw new Error('no free account code after 5 attempts')
  }
}

/** A random account code (`ACCOUNT_CODE_ALPHABET`, 8 characters: about 40 bits). */
function newAccountCode(): string {
  return Array.from(randomBytes(8), (b) => ACCOUNT_CODE_ALPHABET[b % ACCOUNT_CODE_ALPHABET.length]).join('')
}

/** Builds the service (the composition root and tests call this). */
export function createUsersService(deps: { models: Models; audit: AuditService }): UsersService {
  return new UsersService(deps)
}
