import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { DisclosureDto } from '@cunwu/domain'
import { DisclosureTable } from '@/components/disclosure-table'
import { HouseholdAlignment } from '@/components/household-alignment'
import { OwnRowChanges } from '@/components/row-changes'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listRelatedDisclosures } from '@/services/api/disclosures'
import { Routes, pageUrl } from '@/routes'
import { periodLabel } from '@/utils/period'
import { PageRoot } from '@/components/page-root'
import { OfflineLabel } from '@/components/offline-label'
import { LoadErrorBox } from '@/components/load-error'
import { LINK } from '@/utils/link-role'
import './index.scss'

/**
 * 与我相关: published lists that name the signed-in household, showing only that household's own rows, what the
 * latest version changed in them, and where the government's list has a different figure for them.
 */
export default function RelatedPage() {
  const list = useLoader<DisclosureDto[]>()
  const load = () => list.run(listRelatedDisclosures)
  useDidShow(() => {
    void load()
  })
  const state = list.state
  return (
    <PageRoot className="cw-related">
      <Text className="cw-related__title">与我相关</Text>
      <Text className="cw-related__intro">
        公开名单里写到您家的那几行，也有不对外公开的栏目。身份证号、电话和银行卡号只显示一部分。
      </Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && <OfflineLabel data={state.data} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="目前没有写到您家的公开内容" />}
      {state.kind === 'ready' &&
        state.data.map((d) => (
          <View
            key={d.id}
            className="cw-related__item"
            onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: d.id }) })}
          >
            <Text className="cw-related__name" {...LINK}>
              {d.title}
            </Text>
            <Text className="cw-related__meta">
              {d.catalogItemName} · {periodLabel(d.period)}
            </Text>
            {d.householdAlignment && <HouseholdAlignment alignment={d.householdAlignment} />}
            <OwnRowChanges disclosure={d} />
            {/* No rows when only the government's list has the household (householdAlignment says so). */}
            {d.table && d.table.rows.length > 0 && <DisclosureTable table={d.table} cards />}
          </View>
        ))}
    </PageRoot>
  )
}
