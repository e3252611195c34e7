import type { InviteDto, MembershipDto, OpenInviteDto } from '@cunwu/domain'
import { redactSensitiveNumbers } from '@cunwu/domain'
import type { Household } from '../models/Household.model'
import type { Invite } from '../models/Invite.model'
import type { Membership } from '../models/Membership.model'

/**
 * Presents a membership to its holder or to the village's secretary; the reason the secretary typed (refusal,
 * ending) goes through the one scrubber, as every text a villager reads (docs/scrubbing.md).
 */
export function presentMembership(m: Membership, villageName?: string): MembershipDto {
  return {
    id: m._id.toHexString(),
    userId: m.userId.toHexString(),
    villageCode: m.villageCode,
    ...(villageName ? { villageName } : {}),
    name: m.name,
    householdNo: m.householdNo,
    status: m.status,
    via: m.via,
    appliedAt: m.appliedAt.toISOString(),
    ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
    ...(m.reason ? { reason: redactSensitiveNumbers(m.reason) } : {}),
    ...(m.status === 'ended' && m.endedAt ? { endedAt: m.endedAt.toISOString() } : {}),
    ...(m.status === 'ended' && m.endedBy
      ? { endedBy: m.endedBy.equals(m.userId) ? ('member' as const) : ('secretary' as const) }
      : {}),
  }
}

/** An application in the secretary's list: the membership and whether the roster knows the applicant. */
export function presentMembershipApplication(
  m: Membership,
  villageName: string,
  roster: string,
): MembershipDto & { roster: string } {
  return { ...presentMembership(m, villageName), roster }
}

/** A new invite with its QR code, for the secretary who created it. */
export function presentInvite(invite: Invite, qrDataUrl: string): InviteDto {
  return {
    scene: invite._id,
    villageCode: invite.villageCode,
    householdNo: invite.householdNo,
    name: invite.name,
    expiresAt: invite.expiresAt.toISOString(),
    qrDataUrl,
  }
}

/** An open invite in the village's list (no QR code: the scene is shown so a printed one can be recognised). */
export function presentOpenInvite(o: {
  invite: Invite
  makerName: string
  honoured: boolean
}): OpenInviteDto {
  return {
    scene: o.invite._id,
    householdNo: o.invite.householdNo,
    name: o.invite.name,
    expiresAt: o.invite.expiresAt.toISOString(),
    createdAt: o.invite.createdAt?.toISOString() ?? null,
    makerName: o.makerName,
    honoured: o.honoured,
  }
}

/** A roster line for the village's staff: household number, head and size (no other member names). */
export function presentHouseholdSummary(h: Household): {
  householdNo: string
  headName: string
  memberCount: number
} {
  return { householdNo: h.householdNo, headName: h.headName, memberCount: 1 + h.memberNames.length }
}
