import type { Region } from '../models/Region.model'

/** Presents a stored region. */
export function presentRegion(r: Region) {
  return {
    code: r._id,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    codeYear: r.codeYear,
    urbanRuralCode: r.urbanRuralCode,
    // A public office number, not personal data (docs/privacy.md).
    officePhone: r.officePhone ?? null,
  }
}
