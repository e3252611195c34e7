import { chineseDate, type Region, type RegionRetirementInfo } from '@cunwu/domain'

// What a retirement (撤并) changes, in the words the admin confirms before it is sent.

/**
 * The change a retirement makes, for the confirmation: the date, where the region goes, what it owes from then, and
 * what becomes of the people who work there and follow it (docs/api.md, "Retiring a merged region").
 */
export function retireSummary(
  region: Pick<Region, 'name' | 'level'>,
  retiredOn: string,
  mergedIntoName: string | null,
  correcting: boolean,
): string {
  const township = region.level === 'township'
  const word = township ? '乡镇' : '村'
  const into = mergedIntoName ? `，并入${mergedIntoName}` : `（不并入其他${word}）`
  return [
    `${correcting ? '改为' : ''}从${chineseDate(retiredOn)}起，${region.name}撤并${into}。`,
    township
      ? '从这一天起，在这个乡镇任职的人员只能查看以前的内容，不能再办理。'
      : [
          '它之后的公开期次不再计入应公开，也不能再以本村名义新建这些期次的公开；',
          '撤并前已经到期的公开仍然算应公开，没公开的仍算逾期。',
          '从这一天起，在本村任职的人员只能查看以前的内容，不能再办理；',
          '关注本村的村民会收到通知，是并入村村民的，关注转到并入村。',
          '本村以前公开的内容不会删除，村民仍然可以查看。',
        ].join(''),
  ].join('')
}

/** The change undoing a retirement makes, for the confirmation. */
export function reinstateSummary(village: string, r: RegionRetirementInfo): string {
  return [
    `撤销后，${village}不再算撤并（原定${chineseDate(r.retiredOn)}）。`,
    `${chineseDate(r.retiredOn)}以后的公开期次又计入应公开，到期没公开的会算逾期。`,
  ].join('')
}
