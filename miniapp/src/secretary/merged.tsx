import { Text, View } from '@tarojs/components'
import { chineseDate, parentCode, type RoleGrantDto } from '@cunwu/domain'
import { listChildRegions } from '@/services/api/regions'
import { todayInChina } from '@/utils/period'
import './merged.scss'

/**
 * A village merged (撤并) into the secretary's: what it still owes, the periods that ended before the merger, the
 * secretary publishes in its place (docs/catalog.md "A retired village"); they stay under the old village's name.
 */
export interface MergedVillage {
  code: string
  name: string
  retiredOn: string
}

/**
 * The grant a secretary page acts under, with the old village's name and retirement date when it acts in that
 * village's place (the editor offers only the periods it still owes: disclosure-edit/form.ts).
 */
export type ActingGrant = RoleGrantDto & { inPlaceOf?: string; retiredOn?: string }

/**
 * The villages of the secretary's township merged into the secretary's village on or before today (the server lets
 * its secretary publish their owed periods from that day on; before it the old village's own secretary does).
 */
export async function mergedVillagesOf(grant: RoleGrantDto): Promise<MergedVillage[]> {
  const township = parentCode(grant.regionCode)
  if (township === null) return []
  const today = todayInChina()
  return (await listChildRegions(township)).flatMap((r) =>
    r.retirement && r.retirement.mergedInto === grant.regionCode && r.retirement.retiredOn <= today
      ? [{ code: r.code, name: r.name, retiredOn: r.retirement.retiredOn }]
      : [],
  )
}

/**
 * The grant to work on village `code` under: the secretary's own for their village (or none named); for a village
 * merged into theirs, one for that village, marked with its name (`inPlaceOf`); else their own, so the page refuses a
 * foreign village's record as before.
 */
export async function actingGrant(grant: RoleGrantDto, code: string | undefined): Promise<ActingGrant> {
  if (code === undefined || code === grant.regionCode) return grant
  const merged = (await mergedVillagesOf(grant)).find((v) => v.code === code)
  if (!merged) return grant
  return {
    role: 'secretary',
    regionCode: merged.code,
    regionName: merged.name,
    inPlaceOf: merged.name,
    retiredOn: merged.retiredOn,
  }
}

/** 代原云溪村委会发布: the line on the editor when the secretary works in place of a merged village. */
export function InPlaceNote({ grant }: { grant: ActingGrant }) {
  if (!grant.inPlaceOf) return null
  return (
    <View className="cw-in-place-note" role="note">
      <Text>
        代原{grant.inPlaceOf}发布：这是{grant.inPlaceOf}撤并前还欠的公开内容，公开后显示在{grant.inPlaceOf}
        名下，注明由本村代为公开
      </Text>
    </View>
  )
}

/** 云溪村委会已于2026年10月1日并入本村 */
export function mergedLine(v: MergedVillage): string {
  return `${v.name}已于${chineseDate(v.retiredOn)}并入本村`
}
