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
    // A merger is a public fact (本村已于…撤并); the reason stays in the audit trail.
    retirement: r.retirement
      ? {
          retiredOn: r.retirement.retiredOn,
          mergedInto: r.retirement.mergedInto,
          mergedIntoName: r.retirement.mergedIntoName,
        }
      : null,
  }
}
