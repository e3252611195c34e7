import { Types } from 'mongoose'
import type { MembershipApplyReq, MembershipEndKind, RosterMatch } from '@cunwu/domain'
import { ErrorCode, levelOfCode } from '@cunwu/domain'
import { conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Household } from '../models/Household.model'
import { membershipPersonKey } from '../models/Membership.model'
import type { Membership } from '../models/Membership.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { isDuplicateKey } from '../lib/db-writes'
import {
  personAlreadyMember,
  requireRosterMatch,
  rosterPeopleOf,
  rosterPersonOf,
} from './household-proof.service'
import type { SubscriptionsService } from './subscriptions.service'
import { migratePersonKeys, rekeyPersonKeys } from './membership-person-keys'

/** Who ends a membership: the village's secretary (authorized by the route), with a reason, or the member. */
export type MembershipEnder =
  { by: 'secretary'; user: User; kind: MembershipEndKind; reason: string } | { by: 'member'; user: User }

/** An application as the secretary reviews it: the membership, its village's name, its roster match. */
export interface MembershipApplication {
  membership: Membership
  villageName: string
  roster: RosterMatch
}

/** The village's name, or 404 when the code is not a known village. */
export async function requireVillage(models: Models, code: string): Promise<string> {
  if (levelOfCode(code) !== 'village') throw notFound('村（社区）')
  const region = await models.Region.findById(code, { name: 1 }).lean()
  if (!region) throw notFound('村（社区）')
  return region.name
}

/** Gives a user the villager role of a village once (repeatable: a second call changes nothing). */
export async function grantVillagerRole(
  models: Models,
  userId: Types.ObjectId,
  villageCode: string,
  by: Types.ObjectId | null,
): Promise<void> {
  await models.User.updateOne(
    { _id: userId, roles: { $not: { $elemMatch: { role: 'villager', regionCode: villageCode } } } },
    {
      $push: { roles: { role: 'villager', regionCode: villageCode, grantedBy: by, grantedAt: new Date() } },
    },
  )
}

/**
 * Joining and leaving villages: applications decided by the secretary against the roster, and the end of a
 * membership (removed by the secretary or left by the member). Invites are `InvitesService`, proxy rights
 * `ProxiesService`, the roster proof (which person an application names) `household-proof.service.ts`.
 */
export class MembershipsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      subscriptions: Pick<SubscriptionsService, 'endInVillage'>
    },
  ) {}

  /**
   * A signed-in person applies to join a village; applying again while an application is open (or once approved) is a
   * 409, after a rejection or an ending it is a new application (`applyAgain`).
   */
  async apply(
    user: User,
    villageCode: string,
    req: MembershipApplyReq,
    actor: Actor,
  ): Promise<{ membership: Membership; villageName: string }> {
    const { Membership } = this.deps.models
    const villageName = await requireVillage(this.deps.models, villageCode)
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
      await this.deps.audit.record(actor, {
        action: 'membership.apply',
        targetType: 'membership',
        targetId: m.id,
        regionCode: villageCode,
        data: { householdNo: req.householdNo },
      })
      return { membership: m.toObject(), villageName }
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      return this.applyAgain(user, villageCode, req, actor, villageName)
    }
  }

  /**
   * A second application of an account to a village whose membership it already has: one that ended (the person
   * left or was removed) or was rejected (the reason said what to correct) becomes a new pending application, read
   * by the secretary like any other; what it was before (a rejection and its reason) stays in the audit trail, in
   * the decision's event and in this one. One open application per account and village: a pending or approved one
   * answers 409. A conditional write, so two applications at once reopen it once.
   */
  private async applyAgain(
    user: User,
    villageCode: string,
    req: MembershipApplyReq,
    actor: Actor,
    villageName: string,
  ): Promise<{ membership: Membership; villageName: string }> {
    const { Membership } = this.deps.models
    const before = await Membership.findOne({ userId: user._id, villageCode }).lean()
    const reopened =
      before && (before.status === 'ended' || before.status === 'rejected')
        ? await Membership.findOneAndUpdate(
            { _id: before._id, status: before.status },
            {
              $set: {
                name: req.name,
                householdNo: req.householdNo,
                status: 'pending',
                via: 'application',
                appliedAt: new Date(),
                personKey: null,
                decidedAt: null,
                decidedBy: null,
                reason: null,
                endedAt: null,
                endedBy: null,
              },
            },
            { returnDocument: 'after' },
          ).lean()
        : null
    if (!before || !reopened) {
      const now = before && (await Membership.findById(before._id, { status: 1 }).lean())
      if (now?.status === 'approved') throw conflict('您已经是本村村民，不用再申请', ErrorCode.AlreadyApplied)
      throw conflict('您已申请过加入本村，请等待审核', ErrorCode.AlreadyApplied)
    }
    await this.deps.audit.record(actor, {
      action: 'membership.apply',
      targetType: 'membership',
      targetId: reopened._id.toHexString(),
      regionCode: villageCode,
      data: {
        householdNo: req.householdNo,
        again: true,
        previousStatus: before.status,
        ...(before.status === 'rejected' && before.reason ? { previousReason: before.reason } : {}),
      },
    })
    return { membership: reopened, villageName }
  }

  /** Applications of a village with their roster match, newest first. */
  async list(villageCode: string, status?: Membership['status']): Promise<MembershipApplication[]> {
    const villageName = await requireVillage(this.deps.models, villageCode)
    const list = await this.deps.models.Membership.find({ villageCode, ...(status ? { status } : {}) })
      .sort({ appliedAt: -1 })
      .limit(500)
      .lean()
    const roster = await rosterPeopleOf(
      this.deps.models,
      villageCode,
      list.map((m) => ({ ...m, self: m._id })),
    )
    return list.map((membership, i) => ({ membership, villageName, roster: roster[i]!.match }))
  }

  /** The village a membership belongs to (for authorization), or undefined. */
  async villageOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.Membership.findById(id, { villageCode: 1 }).lean())?.villageCode
  }

  /**
   * Approves a pending application whose person the roster proves (户号 and name) and no other account holds;
   * grants the villager role. The membership takes the person's key in the same write, so of two approvals of one
   * person at once the unique index lets one pass (docs/households.md).
   */
  async approve(id: string, secretary: User, actor: Actor): Promise<Membership> {
    const { models } = this.deps
    const current = Types.ObjectId.isValid(id) ? await models.Membership.findById(id).lean() : null
    if (!current) throw notFound('申请')
    // The membership takes the roster's spelling of the 户号 ("9" typed, "009" on the roster) and of the name ("张 桂兰"
    // typed, "张桂兰" on the roster).
    let householdNo = current.householdNo
    let name = current.name
    if (current.status === 'pending') {
      const roster = await rosterPersonOf(models, current, current._id)
      requireRosterMatch(current, roster.match)
      householdNo = roster.householdNo
      name = roster.name
    }
    let m: Membership | null
    try {
      m = await models.Membership.findOneAndUpdate(
        { _id: id, status: 'pending' },
        {
          $set: {
            status: 'approved',
            householdNo,
            name,
            decidedAt: new Date(),
            decidedBy: secretary._id,
            personKey: membershipPersonKey({ ...current, householdNo, name }),
          },
        },
        { returnDocument: 'after' },
      ).lean()
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      throw personAlreadyMember({ ...current, householdNo, name })
    }
    if (!m) {
      // Repair a half-done earlier approval (role push lost in a crash) before answering.
      if (current.status === 'approved')
        await grantVillagerRole(models, current.userId, current.villageCode, current.decidedBy)
      throw conflict('该申请已处理', ErrorCode.AlreadyDecided)
    }
    await grantVillagerRole(models, m.userId, m.villageCode, secretary._id)
    await this.deps.audit.record(actor, {
      action: 'membership.approve',
      targetType: 'membership',
      targetId: id,
      regionCode: m.villageCode,
    })
    return m
  }

  /** Rejects a pending application with a reason. */
  async reject(id: string, reason: string, secretary: User, actor: Actor): Promise<Membership> {
    const { Membership } = this.deps.models
    const m = await Membership.findOneAndUpdate(
      { _id: id, status: 'pending' },
      { $set: { status: 'rejected', decidedAt: new Date(), decidedBy: secretary._id, reason } },
      { returnDocument: 'after' },
    ).lean()
    if (!m) {
      if (await Membership.exists({ _id: id })) throw conflict('该申请已处理', ErrorCode.AlreadyDecided)
      throw notFound('申请')
    }
    await this.deps.audit.record(actor, {
      action: 'membership.reject',
      targetType: 'membership',
      targetId: id,
      regionCode: m.villageCode,
      data: { reason },
    })
    return m
  }

  /**
   * Ends an approved membership: the secretary removes the person (户口迁出, 去世, 误批…) or the member leaves.
   * The flip to `ended` is the one atomic step; what follows from it (role, subscriptions, proxy rights, audit)
   * is repeatable, and a call on a membership that already ended finishes it before answering 409, so a retry
   * after a failure half-way completes the job. A member ending someone else's membership gets a 404.
   */
  async end(id: string, ender: MembershipEnder, actor: Actor): Promise<Membership> {
    const { Membership } = this.deps.models
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
          endKind: ender.by === 'secretary' ? ender.kind : null,
          // The person is free again: another account (a new phone) may now join as them.
          personKey: null,
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!m) {
      if (current.status === 'ended') await this.finishEnding(current, actor)
      throw conflict(
        ender.by === 'member' ? '您目前不是本村村民' : `${current.name} 目前不是本村村民`,
        ErrorCode.MembershipNotActive,
      )
    }
    await this.finishEnding(m, actor)
    return m
  }

  /** The village's household roster (staff only: it names every household member), by household number. */
  async roster(villageCode: string): Promise<Household[]> {
    await requireVillage(this.deps.models, villageCode)
    return this.deps.models.Household.find({ villageCode }).sort({ householdNo: 1 }).limit(5000).lean()
  }

  /** Start-up: person keys for memberships from before them (`migratePersonKeys` in membership-person-keys.ts). */
  migratePersonKeys(): Promise<number> {
    return migratePersonKeys(this.deps.models)
  }

  /** Start-up: person keys of grouped 户号 written before groups counted (`rekeyPersonKeys`, same module). */
  rekeyPersonKeys(): Promise<number> {
    return rekeyPersonKeys(this.deps.models)
  }

  /**
   * Everything that follows from an ended membership, each step repeatable: the villager role goes first (the
   * members-only views and following close at once), then the subscriptions in the village (nothing more reaches
   * the inbox; what was told stays), then proxy rights held there (the household rows of 与我相关, paying for a
   * household), and last the audit event, recorded once per ending. A retry after a failure half-way runs it
   * again and completes it.
   */
  private async finishEnding(m: Membership, requestActor: Actor): Promise<void> {
    const { Membership, Proxy, AuditEvent } = this.deps.models
    const { userId, villageCode } = m
    // Re-invited in the meantime (an invite makes the same membership approved again): nothing to take away.
    const member = await Membership.exists({ userId, villageCode, status: 'approved' })
    if (!member) {
      await this.revokeVillagerRole(userId, villageCode)
      await this.deps.subscriptions.endInVillage(userId, villageCode)
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
    await this.deps.audit.record(
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

  /** Takes the villager role of a village away, and clears it as the active role if it was. */
  private async revokeVillagerRole(userId: Types.ObjectId, villageCode: string): Promise<void> {
    const { User } = this.deps.models
    await User.updateOne({ _id: userId }, { $pull: { roles: { role: 'villager', regionCode: villageCode } } })
    await User.updateOne(
      { _id: userId, 'activeRole.role': 'villager', 'activeRole.regionCode': villageCode },
      { $set: { activeRole: null } },
    )
  }
}
