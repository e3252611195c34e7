import { MeDtoSchema, type MeDto, type Role } from '@cunwu/domain'
import { request } from '@/services/request'

/** Loads the signed-in user's profile: roles, the active role, memberships and proxy rights. */
export function getMe(): Promise<MeDto> {
  return request('/api/v1/me', { schema: MeDtoSchema })
}

/** Makes one of the user's own roles the one the app shows; answers the updated profile. */
export function setActiveRole(role: Role, regionCode: string): Promise<MeDto> {
  return request('/api/v1/me/active-role', {
    method: 'POST',
    body: { role, regionCode },
    schema: MeDtoSchema,
  })
}
