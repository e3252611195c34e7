import type { MeDto, RoleGrantDto } from '@cunwu/domain'

// Which region a signed-in person's roles let a page work on. In the main package: the catalog page (main) and the
// pay subpackage both read it, and WeChat does not let the main package load a subpackage's code.

/** The village a secretary page works on: the active secretary role, else the first one. */
export function secretaryGrantOf(me: MeDto): RoleGrantDto | undefined {
  if (me.activeRole?.role === 'secretary') return me.activeRole
  return me.roles.find((r) => r.role === 'secretary')
}

/** The village the ledger page shows, and whether the viewer may add entries to it (`ledgerVillageOf`). */
export interface LedgerVillage {
  code: string
  name: string | null
  canAdd: boolean
}

/**
 * The village of the ledger page: `?village=` as the township's and county's pages take it (its secretary adds
 * entries; the township, county and admin above it only read, as GET /villages/:code/ledger allows and the BFF
 * checks), else the secretary's own village. Undefined when the viewer is none of them.
 */
export function ledgerVillageOf(me: MeDto, asked: string | undefined): LedgerVillage | undefined {
  if (asked) {
    const own = me.roles.find((r) => r.role === 'secretary' && r.regionCode === asked)
    if (own) return { code: asked, name: own.regionName ?? null, canAdd: true }
    const above = me.roles.some((r) => r.role === 'township' || r.role === 'county' || r.role === 'admin')
    return above ? { code: asked, name: null, canAdd: false } : undefined
  }
  const grant = secretaryGrantOf(me)
  return grant ? { code: grant.regionCode, name: grant.regionName ?? null, canAdd: true } : undefined
}
