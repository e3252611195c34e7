import { Button, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { guidesForCatalogItem } from '@cunwu/domain'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

/** Props of {@link GuideLinks}. */
export interface GuideLinksProps {
  /** The disclosure's catalog item: a 低保 list links to the 低保 guide. */
  catalogItemId: string
  /** The disclosure's village, so the guide shows that village's local notes and lists. */
  regionCode: string
}

/** 怎么申请低保 and the like under a disclosure: the 办事指南 of the service it is about; nothing when none. */
export function GuideLinks({ catalogItemId, regionCode }: GuideLinksProps) {
  const guides = guidesForCatalogItem(catalogItemId)
  if (guides.length === 0) return null
  return (
    <View className="cw-guide-links">
      {guides.map((g) => (
        <Button
          key={g.id}
          className="cw-btn cw-btn--ghost cw-guide-links__button"
          onClick={() =>
            void Taro.navigateTo({ url: pageUrl(Routes.GuideDetail, { id: g.id, code: regionCode }) })
          }
        >
          {g.question}
        </Button>
      ))}
    </View>
  )
}
