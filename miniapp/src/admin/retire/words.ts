import { chineseDate, type RegionRetirementInfo } from '@cunwu/domain'

// What a retirement (撤并) changes, in the words the admin confirms before it is sent.

/** The change a retirement makes, for the confirmation: the date, where the village goes, what it owes from then. */
export function retireSummary(
  village: string,
  retiredOn: string,
  mergedIntoName: string | null,
  correcting: boolean,
): string {
  const into = mergedIntoName ? `，并入${mergedIntoName}` : '（不并入其他村）'
  return [
    `${correcting ? '改为' : ''}从${chineseDate(retiredOn)}起，${village}撤并${into}。`,
    '它之后的公开期次不再计入应公开，也不能再以本村名义新建这些期次的公开；',
    '撤并前已经到期的公开仍然算应公开，没公开的仍算逾期。',
    '本村以前公开的内容不会删除，村民仍然可以查看。',
  ].join('')
}

/** The change undoing a retirement makes, for the confirmation. */
export function reinstateSummary(village: string, r: RegionRetirementInfo): string {
  return [
    `撤销后，${village}不再算撤并（原定${chineseDate(r.retiredOn)}）。`,
    `${chineseDate(r.retiredOn)}以后的公开期次又计入应公开，到期没公开的会算逾期。`,
  ].join('')
}
