import { randomBytes } from 'node:crypto'
import QRCode from 'qrcode'
import type { InviteCreateReq } from '@cunwu/domain'
import { ErrorCode, inviteLinkPath } from '@cunwu/domain'
import { AppError } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import type { Models } from '../models'
import type { Invite } from '../models/Invite.model'
import { membershipPersonKey } from '../models/Membership.model'
import type { Membership } from '../models/Membership.model'
import type { RoleGrant, User } from '../models/User.model'
import { regionCovers } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import {
  personAlreadyMember,
  requireRosterMatch,
  rosterMatchOf,
  rosterPersonOf,
} from './household-proof.service'
import { grantVillagerRole, requireVillage } from './memberships.service'

const SCENE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'

function newScene(): string {
  // 16 characters from a 56-symbol alphabet: ~93 bits, well inside WeChat's 32-character scene limit.
  return Array.from(randomBytes(16), (b) => SCENE_ALPHABET[b % SCENE_ALPHABET.length]).join('')
}

/** An invite that is not used, expired or cancelled (it may still be refused: see `isHonoured`). */
function openFilter(now: Date) {
  return { usedBy: null, expiresAt: { $gt: now }, cancelledAt: null }
}

/**
 * Whether an open invite still admits whoever scans it: only while its maker holds, without a break since it was
 * made, the secretary role of a region covering its village (docs/households.md, "Invites"). A secretary whose role
 * is removed leaves no invite working, and one given the role back does not revive the old ones (the new grant is
 * younger than the invite). Invites made before `createdAt` was kept need the role held now.
 */
export function isHonoured(
  invite: Pick<Invite, 'villageCode' | 'createdAt'>,
  maker: Pick<User, 'roles'> | null,
): boolean {
  if (!maker) return false
  return maker.roles.some(
    (g: RoleGrant) =>
      g.role === 'secretary' &&
      regionCovers(g.regionCode, invite.villageCode) &&
      (!invite.createdAt || g.grantedAt <= invite.createdAt),
  )
}

/** The refusal of an invite that cannot be used, the same whatever the reason (used, expired, cancelled, maker gone). */
export function inviteUnavailable(): AppError {
  return new AppError(410, ErrorCode.InviteUnavailable, '邀请码已失效或已被使用')
}

/** An open invite of a village with its maker, for the list of `InvitesService.listOpen`. */
export interface OpenInvite {
  invite: Invite
  makerName: string
  honoured: boolean
}

/** A new invite and its QR code (a PNG data URL) for the secretary to show or print. */
export interface CreatedInvite {
  invite: Invite
  qrDataUrl: string
}

/** Invite codes: the secretary invites one household member; scanning the code grants membership directly. */
export class InvitesService {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /**
   * Creates an invite QR code for one household member; scanning it grants membership directly. The roster must
   * name the person in that household, and no other account may hold them already (docs/households.md).
   */
  async create(
    villageCode: string,
    req: InviteCreateReq,
    secretary: User,
    actor: Actor,
    origin: string,
  ): Promise<CreatedInvite> {
    const { models } = this.deps
    await requireVillage(models, villageCode)
    const person = { villageCode, householdNo: req.householdNo, name: req.name }
    const roster = await rosterPersonOf(models, person)
    requireRosterMatch(person, roster.match)
    // The invite names the 户号 and the name as the roster spells them ("9" typed, "009" on the roster; "张 桂兰" typed,
    // "张桂兰" on the roster), as the membership will.
    const invite = await models.Invite.create({
      _id: newScene(),
      villageCode,
      householdNo: roster.householdNo,
      name: roster.name,
      createdBy: secretary._id,
      createdAt: new Date(),
      expiresAt: new Date(Date.now() + req.validDays * 86_400_000),
    })
    await this.deps.audit.record(actor, {
      action: 'invite.create',
      targetType: 'invite',
      targetId: invite._id,
      regionCode: villageCode,
      data: { householdNo: roster.householdNo },
    })
    // In WeChat the scene goes into a 小程序码 (wxacode.getUnlimited); the H5 build opens this link instead.
    const link = `${origin}${inviteLinkPath(invite._id)}`
    const qrDataUrl = await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, width: 320 })
    return { invite: invite.toObject(), qrDataUrl }
  }

  /**
   * Uses an invite: the signed-in person becomes an approved member of its household's village, holding the person
   * it names. Checked again against the roster and the village's members first (someone may have joined as that
   * person since it was made); the invite stays unused when that fails.
   */
  async accept(scene: string, user: User, actor: Actor): Promise<Membership> {
    const { models } = this.deps
    const unused = await models.Invite.findOne({ _id: scene, ...openFilter(new Date()) }).lean()
    if (!unused) throw inviteUnavailable()
    const maker = await models.User.findById(unused.createdBy, { roles: 1 }).lean()
    if (!isHonoured(unused, maker)) throw inviteUnavailable()
    const own = await models.Membership.findOne(
      { userId: user._id, villageCode: unused.villageCode },
      { _id: 1 },
    ).lean()
    requireRosterMatch(unused, await rosterMatchOf(models, unused, own?._id))
    const invite = await models.Invite.findOneAndUpdate(
      { _id: scene, ...openFilter(new Date()) },
      { $set: { usedBy: user._id, usedAt: new Date() } },
      { returnDocument: 'after' },
    ).lean()
    if (!invite) throw inviteUnavailable()
    let m: Membership
    try {
      m = await models.Membership.findOneAndUpdate(
        { userId: user._id, villageCode: invite.villageCode },
        {
          $set: {
            status: 'approved',
            via: 'invite',
            name: invite.name,
            householdNo: invite.householdNo,
            personKey: membershipPersonKey(invite),
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
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Another account took the person in the meantime: the invite was not used after all.
      await models.Invite.updateOne(
        { _id: scene, usedBy: user._id },
        { $set: { usedBy: null, usedAt: null } },
      )
      throw personAlreadyMember(invite)
    }
    await grantVillagerRole(models, user._id, invite.villageCode, invite.createdBy)
    await this.deps.audit.record(actor, {
      action: 'invite.accept',
      targetType: 'membership',
      targetId: m._id.toHexString(),
      regionCode: invite.villageCode,
      data: { scene },
    })
    return m
  }

  /** The village's open invites, newest first, each with its maker's name and whether it is still honoured. */
  async listOpen(villageCode: string): Promise<OpenInvite[]> {
    const { models } = this.deps
    const invites = await models.Invite.find({ villageCode, ...openFilter(new Date()) })
      .sort({ expiresAt: -1, _id: 1 })
      .limit(500)
      .lean()
    const makers = await models.User.find(
      { _id: { $in: [...new Set(invites.map((i) => i.createdBy.toHexString()))] } },
      { displayName: 1, roles: 1 },
    ).lean()
    const byId = new Map(makers.map((u) => [u._id.toHexString(), u]))
    return invites.map((invite) => {
      const maker = byId.get(invite.createdBy.toHexString()) ?? null
      return { invite, makerName: maker?.displayName ?? '', honoured: isHonoured(invite, maker) }
    })
  }

  /**
   * Cancels an open invite of the village (its secretaries or the township; the route checked the role). 404 for a
   * scene that is not an open invite of this village: used, expired or cancelled ones cannot be cancelled again.
   */
  async cancel(villageCode: string, scene: string, by: User, actor: Actor): Promise<void> {
    const cancelled = await this.deps.models.Invite.findOneAndUpdate(
      { _id: scene, villageCode, ...openFilter(new Date()) },
      { $set: { cancelledAt: new Date(), cancelledBy: by._id } },
      { returnDocument: 'after' },
    ).lean()
    if (!cancelled)
      throw new AppError(404, ErrorCode.NotFound, '没有这个可作废的邀请码：可能已用过、已过期或已作废')
    await this.deps.audit.record(actor, {
      action: 'invite.cancel',
      targetType: 'invite',
      targetId: scene,
      regionCode: villageCode,
      data: {
        householdNo: cancelled.householdNo,
        createdBy: cancelled.createdBy.toHexString(),
      },
    })
  }
}
