import { Types } from 'mongoose'
import type { ActiveRoleReq, RoleGrantCreateReq } from '@cunwu/domain'
import { ErrorCode, ROLE_LEVELS, levelOfCode } from '@cunwu/domain'
import { AppError, forbidden, notFound } from '../errors'
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
    memberships: Membership[]
    proxies: Proxy[]
    regionNames: Map<string, string>
  }> {
    const [memberships, proxies] = await Promise.all([
      this.deps.models.Membership.find({ userId: user._id }).sort({ appliedAt: -1 }).lean(),
      this.deps.models.Proxy.find({ userId: user._id }).lean(),
    ])
    const names = await regionNames(this.deps.models, [
      ...user.roles.map((r) => r.regionCode),
      ...memberships.map((m) => m.villageCode),
    ])
    return { user, memberships, proxies, regionNames: names }
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

  /** Revokes a staff role; clears it as the active role too. */
  async revokeRole(admin: User, req: RoleGrantCreateReq, actor: Actor): Promise<void> {
    if (!mayActIn(admin.roles, ['admin'], req.regionCode)) throw forbidden('您没有该地区的管理权限')
    if (!Types.ObjectId.isValid(req.userId)) throw notFound('用户')
    const res = await this.deps.models.User.updateOne(
      { _id: req.userId },
      { $pull: { roles: { role: req.role, regionCode: req.regionCode } } },
    )
    if (res.matchedCount === 0) throw notFound('用户')
    await this.deps.models.User.updateOne(
      { _id: req.userId, 'activeRole.role': req.role, 'activeRole.regionCode': req.regionCode },
      { $set: { activeRole: null } },
    )
    await this.deps.audit.record(actor, {
      action: 'role.revoke',
      targetType: 'user',
      targetId: req.userId,
      regionCode: req.regionCode,
      data: { role: req.role, changed: res.modifiedCount === 1 },
    })
  }

  /** Users holding any role within a region, for the admin's list. */
  async listInRegion(regionCode: string, limit = 200) {
    return this.deps.models.User.find(
      { 'roles.regionCode': { $regex: `^${regionPrefix(regionCode)}` } },
      { openid: 0 },
    )
      .sort({ createdAt: -1 })
      .limit(limit)
      .lean()
  }
}

/** Builds the service (the composition root and tests call this). */
export function createUsersService(deps: { models: Models; audit: AuditService }): UsersService {
  return new UsersService(deps)
}
