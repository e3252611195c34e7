import { z } from 'zod'
import {
  InviteDtoSchema,
  MembershipDtoSchema,
  RosterMatchSchema,
  type InviteDto,
  type MembershipApplyReq,
  type MembershipDto,
  type MembershipEndKind,
} from '@cunwu/domain'
import { request } from '@/services/request'

export { RosterMatchSchema, type RosterMatch } from '@cunwu/domain'

/** An application as the secretary sees it, with its roster match. */
export const ApplicationDtoSchema = MembershipDtoSchema.extend({ roster: RosterMatchSchema })
export type ApplicationDto = z.infer<typeof ApplicationDtoSchema>

const ApplicationsSchema = z.object({ memberships: z.array(ApplicationDtoSchema) })

/** Applies to join a village with the name and household number on its roster. */
export function applyToVillage(villageCode: string, req: MembershipApplyReq): Promise<MembershipDto> {
  return request(`/api/v1/villages/${encodeURIComponent(villageCode)}/memberships`, {
    method: 'POST',
    body: req,
    schema: MembershipDtoSchema,
  })
}

/** Lists a village's applications (pending by default) for the staff covering it. */
export async function listApplications(
  villageCode: string,
  status: MembershipDto['status'] = 'pending',
): Promise<ApplicationDto[]> {
  const { memberships } = await request(`/api/v1/villages/${encodeURIComponent(villageCode)}/memberships`, {
    query: { status },
    schema: ApplicationsSchema,
  })
  return memberships
}

/** Approves an application (the village's secretary only); the applicant becomes a villager. */
export function approveApplication(id: string): Promise<MembershipDto> {
  return request(`/api/v1/memberships/${encodeURIComponent(id)}/approve`, {
    method: 'POST',
    schema: MembershipDtoSchema,
  })
}

/** Rejects an application with a reason the applicant will see. */
export function rejectApplication(id: string, reason: string): Promise<MembershipDto> {
  return request(`/api/v1/memberships/${encodeURIComponent(id)}/reject`, {
    method: 'POST',
    body: { reason },
    schema: MembershipDtoSchema,
  })
}

/** Removes a villager from the village: which kind of removal, and a reason they will see (the secretary only). */
export function endMembership(id: string, kind: MembershipEndKind, reason: string): Promise<MembershipDto> {
  return request(`/api/v1/memberships/${encodeURIComponent(id)}/end`, {
    method: 'POST',
    body: { kind, reason },
    schema: MembershipDtoSchema,
  })
}

/** Leaves a village: ends the signed-in user's own membership. */
export function leaveVillage(id: string): Promise<MembershipDto> {
  return request(`/api/v1/me/memberships/${encodeURIComponent(id)}/leave`, {
    method: 'POST',
    schema: MembershipDtoSchema,
  })
}

/** Creates an invite QR code for one household of the village (secretary only). */
export function createInvite(
  villageCode: string,
  req: { householdNo: string; name: string; validDays?: number },
): Promise<InviteDto> {
  return request(`/api/v1/villages/${encodeURIComponent(villageCode)}/invites`, {
    method: 'POST',
    body: req,
    schema: InviteDtoSchema,
  })
}

/** Accepts an invite (the `scene` from its QR code) and joins the village. */
export function acceptInvite(scene: string): Promise<MembershipDto> {
  return request(`/api/v1/invites/${encodeURIComponent(scene)}/accept`, {
    method: 'POST',
    schema: MembershipDtoSchema,
  })
}
