import { randomBytes } from 'node:crypto'
import QRCode from 'qrcode'
import { Types } from 'mongoose'
import type {
  InviteCreateReq,
  InviteDto,
  MembershipApplyReq,
  MembershipDto,
  ProxyGrantReq,
} from '@cunwu/domain'
import { ErrorCode, levelOfCode } from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Membership } from '../models/Membership.model'
import type { User } from '../models/User.model'
import { presentMembership } from '../presenters/user.presenter'
import type { Actor, AuditService } from './audit.service'
import type { SubscriptionsService } from './subscriptions.service'

const SCENE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'

function newScene(): string {
  // 16 characters from a 56-symbol alphabet: ~93 bits, well inside WeChat's 32-character scene limit.
  return Array.from(randomBytes(16), (b) => SCENE_ALPHABET[b % SCENE_ALPHABET.length]).join('')
}

/** Whether a membership applicant matches the household roster. */
export type RosterMatch = 'match' | 'name_not_in_household' | 'unknown_household'

/** Who ends a membership: the village's secretary (authorized by the route), with a reason, or the member. */
export type MembershipEnder = { by: 'secretary'; user: User; reason: string } | { by: 'member'; user: User }

/**
 * Joining and leaving villages: applications decided by the secretary against the roster, invites, proxy rights,
 * and the end of a membership (removed by the secretary or left by the member).
 */
export function createMembershipsService(deps: {
  models: Models
  audit: AuditService
  subscriptions: Pick<SubscriptionsService, 'endInVillage'>
}) {
  const { Membership, Household, Region, User, Invite, Proxy, AuditEvent } = deps.models

  async function requireVillage(code: string): Promise<string> {
    if (levelOfCode(code) !== 'village') throw notFound('村（社区）')
    const region = await Region.findById(code, { name: 1 }).lean()
    if (!region) throw notFound('村（社区）')
    return region.name
  }

  async function grantVillagerRole(
    userId: Types.ObjectId,
    villageCode: string,
    by: Types.ObjectId | null,
  ): Promise<void> {
    await User.updateOne(
      { _id: userId, roles: { $not: { $elemMatch: { role: 'villager', regionCode: villageCode } } } },
      {
        $push: { roles: { role: 'villager', regionCode: villageCode, grantedBy: by, grantedAt: new Date() } },
      },
    )
  }

  /** Takes the villager role of a village away, and clears it as the active role if it was. */
  async function revokeVillagerRole(userId: Types.ObjectId, villageCode: string): Promise<void> {
    await User.updateOne({ _id: userId }, { $pull: { roles: { role: 'villager', regionCode: villageCode } } })
    await User.updateOne(
      { _id: userId, 'activeRole.role': 'villager', 'activeRole.regionCode': villageCode },
      { $set: { activeRole: null } },
    )
  }

  /**
   * Everything that follows from an ended membership, each step repeatable: the villager role goes first (the
   * members-only views and following close at once), then the subscriptions in the village (nothing more reaches
   * the inbox; what was told stays), then proxy rights held there (the household rows of 与我相关, paying for a
   * household), and last the audit event, recorded once per ending. A retry after a failure half-way runs it
   * again and completes it.
   */
  async function finishEnding(m: Membership, requestActor: Actor): Promise<void> {
    const { userId, villageCode } = m
    // Re-invited in the meantime (an invite makes the same membership approved again): nothing to take away.
    const member = await Membership.exists({ userId, villageCode, status: 'approved' })
    if (!member) {
      await revokeVillagerRole(userId, villageCode)
      await deps.subscriptions.endInVillage(userId, villageCode)
      await Proxy.deleteMany({ userId, villageCode })
    }
    const endedAt = (m.endedAt ?? new Date(0)).toISOString()
    const targetId = m._id.toHexString()
    const recorded = await AuditEvent.exists({
      targetType: 'membership',
      targetId,
      action: 'membership.end',
      'data.endedAt': endedAt,
    })
    if (recorded) return
    const by = m.endedBy && m.endedBy.equals(userId) ? 'member' : 'secretary'
    // Attributed to whoever ended it, even when another request finishes the job.
    await deps.audit.record(
      { userId: m.endedBy, requestId: requestActor.requestId },
      {
        action: 'membership.end',
        targetType: 'membership',
        targetId,
        regionCode: villageCode,
        data: { by, endedAt, ...(m.reason ? { reason: m.reason } : {}) },
      },
    )
  }

  async function rosterMatch(
    m: Pick<Membership, 'villageCode' | 'householdNo' | 'name'>,
  ): Promise<RosterMatch> {
    const household = await Household.findOne({
      villageCode: m.villageCode,
      householdNo: m.householdNo,
    }).lean()
    if (!household) return 'unknown_household'
    return household.headName === m.name || household.memberNames.includes(m.name)
      ? 'match'
      : 'name_not_in_household'
  }

  return {
    /** A signed-in person applies to join a village; applying twice is a 409. */
    async apply(
      user: User,
      villageCode: string,
      req: MembershipApplyReq,
      actor: Actor,
    ): Promise<MembershipDto> {
      const villageName = await requireVillage(villageCode)
      try {
        const m = await Membership.create({
          userId: user._id,
          villageCode,
          name: req.name,
          householdNo: req.householdNo,
          status: 'pending',
          via: 'application',
          appliedAt: new Date(),
        })
        await deps.audit.record(actor, {
          action: 'membership.apply',
          targetType: 'membership',
          targetId: m.id,
          regionCode: villageCode,
          data: { householdNo: req.householdNo },
        })
        return presentMembership(m.toObject(), villageName)
      } catch (err) {
        if (typeof err === 'object' && err !== null && 'code' in err && err.code === 11000) {
          // Someone who left (or was removed) may ask to join again: their ended membership becomes an application.
          const reopened = await Membership.findOneAndUpdate(
            { userId: user._id, villageCode, status: 'ended' },
            {
              $set: {
                name: req.name,
                householdNo: req.householdNo,
                status: 'pending',
                via: 'application',
                appliedAt: new Date(),
                decidedAt: null,
                decidedBy: null,
                reason: null,
                endedAt: null,
                endedBy: null,
              },
            },
            { returnDocument: 'after' },
          ).lean()
          if (!reopened) throw conflict('您已申请过加入本村，请等待审核', ErrorCode.AlreadyApplied)
          await deps.audit.record(actor, {
            action: 'membership.apply',
            targetType: 'membership',
            targetId: reopened._id.toHexString(),
            regionCode: villageCode,
            data: { householdNo: req.householdNo, again: true },
          })
          return presentMembership(reopened, villageName)
        }
        throw err
      }
    },

    /** Applications of a village with their roster match, newest first. */
    async list(villageCode: string, status?: Membership['status']) {
      const villageName = await requireVillage(villageCode)
      const list = await Membership.find({ villageCode, ...(status ? { status } : {}) })
        .sort({ appliedAt: -1 })
        .limit(500)
        .lean()
      return Promise.all(
        list.map(async (m) => ({ ...presentMembership(m, villageName), roster: await rosterMatch(m) })),
      )
    },

    /** The village a membership belongs to (for authorization), or undefined. */
    async villageOf(id: string): Promise<string | undefined> {
      if (!Types.ObjectId.isValid(id)) return undefined
      return (await Membership.findById(id, { villageCode: 1 }).lean())?.villageCode
    },

    /** Approves a pending application whose household is on the roster; grants the villager role. */
    async approve(id: string, secretary: User, actor: Actor): Promise<MembershipDto> {
      const current = await Membership.findById(id).lean()
      if (!current) throw notFound('申请')
      if ((await rosterMatch(current)) === 'unknown_household') {
        throw new AppError(
          422,
          ErrorCode.HouseholdNotOnRoster,
          `户号 ${current.householdNo} 不在本村户籍名册中`,
        )
      }
      const m = await Membership.findOneAndUpdate(
        { _id: id, status: 'pending' },
        { $set: { status: 'approved', decidedAt: new Date(), decidedBy: secretary._id } },
        { returnDocument: 'after' },
      ).lean()
      if (!m) {
        // Repair a half-done earlier approval (role push lost in a crash) before answering.
        if (current.status === 'approved')
          await grantVillagerRole(current.userId, current.villageCode, current.decidedBy)
        throw conflict('该申请已处理', ErrorCode.AlreadyDecided)
      }
      await grantVillagerRole(m.userId, m.villageCode, secretary._id)
      await deps.audit.record(actor, {
        action: 'membership.approve',
        targetType: 'membership',
        targetId: id,
        regionCode: m.villageCode,
      })
      return presentMembership(m)
    },

    /** Rejects a pending application with a reason. */
    async reject(id: string, reason: string, secretary: User, actor: Actor): Promise<MembershipDto> {
      const m = await Membership.findOneAndUpdate(
        { _id: id, status: 'pending' },
        { $set: { status: 'rejected', decidedAt: new Date(), decidedBy: secretary._id, reason } },
        { returnDocument: 'after' },
      ).lean()
      if (!m) {
        if (await Membership.exists({ _id: id })) throw conflict('该申请已处理', ErrorCode.AlreadyDecided)
        throw notFound('申请')
      }
      await deps.audit.record(actor, {
        action: 'membership.reject',
        targetType: 'membership',
        targetId: id,
        regionCode: m.villageCode,
        data: { reason },
      })
      return presentMembership(m)
    },

    /**
     * Ends an approved membership: the secretary removes the person (户口迁出, 去世, 误批…) or the member leaves.
     * The flip to `ended` is the one atomic step; what follows from it (role, subscriptions, proxy rights, audit)
     * is repeatable, and a call on a membership that already ended finishes it before answering 409, so a retry
     * after a failure half-way completes the job. A member ending someone else's membership gets a 404.
     */
    async endMembership(id: string, ender: MembershipEnder, actor: Actor): Promise<MembershipDto> {
      const own = ender.by === 'member' ? { userId: ender.user._id } : {}
      const current = Types.ObjectId.isValid(id) ? await Membership.findOne({ _id: id, ...own }).lean() : null
      if (!current) throw notFound('入村记录')
      const m = await Membership.findOneAndUpdate(
        { _id: id, ...own, status: 'approved' },
        {
          $set: {
            status: 'ended',
            endedAt: new Date(),
            endedBy: ender.user._id,
            reason: ender.by === 'secretary' ? ender.reason : null,
          },
        },
        { returnDocument: 'after' },
      ).lean()
      if (!m) {
        if (current.status === 'ended') await finishEnding(current, actor)
        throw conflict(
          ender.by === 'member' ? '您目前不是本村村民' : `${current.name} 目前不是本村村民`,
          ErrorCode.MembershipNotActive,
        )
      }
      await finishEnding(m, actor)
      return presentMembership(m)
    },

    /** Creates an invite QR code for one household member; scanning it grants membership directly. */
    async createInvite(
      villageCode: string,
      req: InviteCreateReq,
      secretary: User,
      actor: Actor,
      origin: string,
    ): Promise<InviteDto> {
      await requireVillage(villageCode)
      const household = await Household.exists({ villageCode, householdNo: req.householdNo })
      if (!household)
        throw new AppError(422, ErrorCode.HouseholdNotOnRoster, `户号 ${req.householdNo} 不在本村户籍名册中`)
      const invite = await Invite.create({
        _id: newScene(),
        villageCode,
        householdNo: req.householdNo,
        name: req.name,
        createdBy: secretary._id,
        expiresAt: new Date(Date.now() + req.validDays * 86_400_000),
      })
      await deps.audit.record(actor, {
        action: 'invite.create',
        targetType: 'invite',
        targetId: invite._id,
        regionCode: villageCode,
        data: { householdNo: req.householdNo },
      })
      // In WeChat the scene goes into a 小程序码 (wxacode.getUnlimited); the H5 build opens this link instead.
      const link = `${origin}/#/pages/join/index?scene=${invite._id}`
      return {
        scene: invite._id,
        villageCode,
        householdNo: invite.householdNo,
        name: invite.name,
        expiresAt: invite.expiresAt.toISOString(),
        qrDataUrl: await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 320 }),
      }
    },

    /** Uses an invite: the signed-in person becomes an approved member of its household's village. */
    async acceptInvite(scene: string, user: User, actor: Actor): Promise<MembershipDto> {
      const invite = await Invite.findOneAndUpdate(
        { _id: scene, usedBy: null, expiresAt: { $gt: new Date() } },
        { $set: { usedBy: user._id, usedAt: new Date() } },
        { returnDocument: 'after' },
      ).lean()
      if (!invite) throw new AppError(410, ErrorCode.InviteUnavailable, '邀请码已失效或已被使用')
      const m = await Membership.findOneAndUpdate(
        { userId: user._id, villageCode: invite.villageCode },
        {
          $set: {
            status: 'approved',
            via: 'invite',
            name: invite.name,
            householdNo: invite.householdNo,
            decidedAt: new Date(),
            decidedBy: invite.createdBy,
            reason: null,
            endedAt: null,
            endedBy: null,
          },
          $setOnInsert: { appliedAt: new Date() },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean()
      await grantVillagerRole(user._id, invite.villageCode, invite.createdBy)
      await deps.audit.record(actor, {
        action: 'invite.accept',
        targetType: 'membership',
        targetId: m._id.toHexString(),
        regionCode: invite.villageCode,
        data: { scene },
      })
      return presentMembership(m)
    },

    /** The village's household roster (staff only: it names every household member), by household number. */
    async roster(villageCode: string) {
      await requireVillage(villageCode)
      const list = await Household.find({ villageCode }).sort({ householdNo: 1 }).limit(5000).lean()
      return list.map((h) => ({
        householdNo: h.householdNo,
        headName: h.headName,
        memberCount: 1 + h.memberNames.length,
      }))
    },

    /** Lets an approved member of the village act for a member of a household (e.g. an elderly parent). */
    async grantProxy(villageCode: string, req: ProxyGrantReq, secretary: User, actor: Actor): Promise<void> {
      await requireVillage(villageCode)
      const member = await Membership.exists({ userId: req.userId, villageCode, status: 'approved' })
      if (!member) throw notFound('本村已通过审核的村民')
      const household = await Household.findOne({ villageCode, householdNo: req.householdNo }).lean()
      if (
        !household ||
        (household.headName !== req.forName && !household.memberNames.includes(req.forName))
      ) {
        throw new AppError(
          422,
          ErrorCode.HouseholdNotOnRoster,
          `${req.forName} 不在户号 ${req.householdNo} 的名册中`,
        )
      }
      await Proxy.updateOne(
        { userId: req.userId, villageCode, householdNo: req.householdNo, forName: req.forName },
        { $setOnInsert: { grantedBy: secretary._id, grantedAt: new Date() } },
        { upsert: true },
      )
      await deps.audit.record(actor, {
        action: 'proxy.grant',
        targetType: 'user',
        targetId: req.userId,
        regionCode: villageCode,
        data: { householdNo: req.householdNo, forName: req.forName },
      })
    },
  }
}

export type MembershipsService = ReturnType<typeof createMembershipsService>
