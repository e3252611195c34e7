import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { retirementNotice, type RegionRetirementInfo } from '@cunwu/domain'
import { getRegion } from '@/services/api/regions'
import { todayInChina } from '@/utils/period'
import './index.scss'

/** Props of {@link RetiredNotice}. */
export interface RetiredNoticeProps {
  /** The village's retirement (撤并) as the region answer carries it; nothing is shown without one. */
  retirement: RegionRetirementInfo | null | undefined
}

/**
 * 本村已于2026年9月20日撤并（并入石门村）, on a retired village's pages (`retirementNotice` of @cunwu/domain), with a
 * word that what it published stays readable and where its disclosures go on.
 */
export function RetiredNotice({ retirement }: RetiredNoticeProps) {
  if (!retirement) return null
  const today = todayInChina()
  const done = today >= retirement.retiredOn
  const onward = retirement.mergedIntoName ? `以后的村务公开请看${retirement.mergedIntoName}。` : ''
  return (
    <View className="cw-retired-notice" role="status">
      <Text className="cw-retired-notice__title">{retirementNotice(retirement, today)}</Text>
      <Text className="cw-retired-notice__text">
        {done ? `本村以前公开的内容仍然可以查看。${onward}` : onward}
      </Text>
    </View>
  )
}

/** The retirement of a village, read from its region (null while loading, when it is not retired, or on failure). */
export function useRetirement(villageCode: string): RegionRetirementInfo | null {
  const [retirement, setRetirement] = useState<RegionRetirementInfo | null>(null)
  useEffect(() => {
    let live = true
    // A notice, not the page: when the region cannot be read the page simply shows without it.
    getRegion(villageCode).then(
      (r) => live && setRetirement(r.retirement ?? null),
      () => live && setRetirement(null),
    )
    return () => {
      live = false
    }
  }, [villageCode])
  return retirement
}
