import { z } from 'zod'
import { DivisionCodeSchema } from '../regions'
import { ObjectIdSchema } from './disclosures'

/** What a person may do, always within one region (and everything below it). */
export const RoleSchema = z
  .enum(['villager', 'secretary', 'township', 'county', 'admin'])
  .describe(
    'villager reads and asks; secretary publishes for a village; township/county review and verify; admin manages',
  )
export type Role = z.infer<typeof RoleSchema>

/** Display names of roles for the mini-program. */
export const ROLE_LABELS: Record<Role, string> = {
  villager: '村民',
  secretary: '村务管理员',
  township: '乡镇工作人员',
  county: '县级工作人员',
  admin: '系统管理员',
}

/** The region level each role is granted at; a grant at another level is refused. */
export const ROLE_LEVELS: Record<Role, readonly ('province' | 'city' | 'county' | 'township' | 'village')[]> =
  {
    villager: ['village'],
    secretary: ['village'],
    township: ['township'],
    county: ['county'],
    admin: ['province', 'city', 'county'],
  }

/** A role held for a region. */
export const RoleGrantDtoSchema = z.object({
  role: RoleSchema,
  /** 12-digit division code of the region the role covers (including everything below it). */
  regionCode: DivisionCodeSchema,
  /** Region name for display. */
  regionName: z.string().optional(),
})
export type RoleGrantDto = z.infer<typeof RoleGrantDtoSchema>

/** Body of `POST /api/v1/admin/role-grants` and `DELETE` of the same. */
export const RoleGrantCreateSchema = z.object({
  /** The person's id (`GET /admin/users`, `GET /admin/users/lookup`); spaces around it are dropped. */
  userId: ObjectIdSchema,
  role: RoleSchema.exclude(['villager']),
  regionCode: DivisionCodeSchema,
})
export type RoleGrantCreateReq = z.infer<typeof RoleGrantCreateSchema>

/** Body of `POST /api/v1/me/active-role`: which of one's roles the app shows. */
export const ActiveRoleSchema = z.object({ role: RoleSchema, regionCode: DivisionCodeSchema })
export type ActiveRoleReq = z.infer<typeof ActiveRoleSchema>
