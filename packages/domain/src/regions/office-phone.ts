import { z } from 'zod'
import { halfWidthDigits } from '../text/digits'

/**
 * The public office telephone of a village committee or government office (村委会办公电话), as the village enters it
 * and as the elderly home dials it (`docs/miniapp.md`). Accepted: a mobile number (1 and ten digits), or a
 * landline with its area code: 010 and 02x take 8 local digits, the 4-digit codes (0431, 0795 …) 7 or 8; a local
 * number never starts with 0 or 1. Full-width digits, spaces, hyphens, dots and brackets are what people paste
 * from documents, so they are read through.
 */

/** Characters read as separators between the parts of a number. */
const SEPARATORS = /[\s\u3000\-\u2010-\u2015\u2212\uFF0D.\uFF0E()\uFF08\uFF09]/g

/** The number in its one stored form (`13812345678`, `0795-7123456`), or null when it is not a phone number. */
export function normalizeOfficePhone(raw: string): string | null {
  const digits = halfWidthDigits(raw)
    .replace(/^\s*(?:\+|\uFF0B|00)86/, '')
    .replace(SEPARATORS, '')
  if (!/^\d+$/.test(digits)) return null
  if (/^1[3-9]\d{9}$/.test(digits)) return digits
  const threeDigitArea = /^(010|02\d)([2-9]\d{7})$/.exec(digits)
  if (threeDigitArea) return `${threeDigitArea[1]}-${threeDigitArea[2]}`
  const fourDigitArea = /^(0[3-9]\d{2})([2-9]\d{6,7})$/.exec(digits)
  if (fourDigitArea) return `${fourDigitArea[1]}-${fourDigitArea[2]}`
  return null
}

/** An office phone as entered; the parsed value is its stored form. */
export const OfficePhoneSchema = z
  .string()
  .max(40, '电话号码过长')
  .transform((raw, ctx) => {
    const phone = normalizeOfficePhone(raw)
    if (phone === null) {
      ctx.addIssue({
        code: 'custom',
        message: '请填写座机（带区号，如 0795-7123456）或手机号码（11位）',
      })
      return z.NEVER
    }
    return phone
  })
  .describe(
    'Public office phone: mobile 1xxxxxxxxxx or landline with area code (010/02x + 8 digits, 0xxx + 7-8 digits); full-width digits and separators are accepted and stored as 0795-7123456 or 13812345678',
  )

/** `PATCH /regions/:code/contact`: sets (a number) or clears (null) the region's office phone. */
export const RegionContactUpdateSchema = z
  .object({ officePhone: OfficePhoneSchema.nullable() })
  .strict()
  .describe('The region office contact a village (or the township or county above it) keeps')
