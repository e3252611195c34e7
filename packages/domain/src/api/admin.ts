import { z } from 'zod'
import { DivisionCodeSchema } from '../regions'
import { ObjectIdSchema } from './disclosures'

/**
 * A person's account code (账号编号), shown on their 我的 page for them to read out to an administrator, who finds
 * them with it (`GET /api/v1/admin/users/lookup`) to grant a role: 8 characters from 32 that cannot be mistaken for
 * one another when read aloud or copied by hand (no 0/O, 1/I/L).
 */
export const ACCOUNT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** The code as 我的 shows it: two groups of four (`ABCD-2345`). */
export function formatAccountCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/** An account code as typed: full-width forms, lower case, spaces and dashes are read through. */
export const AccountCodeSchema = z
  .string()
  .max(40, '账号编号不对：是对方“我的”页面上的 8 位字母和数字')
  .overwrite((v) =>
    v
      .normalize('NFKC')
      .toUpperCase()
      // Spaces, whatever dash a phone keyboard puts in (hyphens, figure, en and em dashes, the bar, the minus sign;
      // listed rather than \p{Pd}, which older WeChat engines cannot parse), and underscores.
      .replace(/[\s\-\u2010-\u2015\u2212\uFF0D_]/g, ''),
  )
  .regex(new RegExp(`^[${ACCOUNT_CODE_ALPHABET}]{8}$`), '账号编号不对：是对方“我的”页面上的 8 位字母和数字')

/** Query of `GET /api/v1/admin/users/lookup`. */
export const AccountLookupQuerySchema = z.object({ code: AccountCodeSchema })

/**
 * Query of `GET /api/v1/admin/users` and `GET /api/v1/admin/audit`: one page, newest first, of at most `limit`
 * (1–500); the next page starts `before` the last id of this one (the answer's `nextBefore`, null on the last page).
 */
export const AdminListQuerySchema = z.object({
  regionCode: DivisionCodeSchema,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: ObjectIdSchema.optional(),
})
export type AdminListQuery = z.infer<typeof AdminListQuerySchema>
