import { Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import type { ServiceGuideSummaryDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listServiceGuides } from '@/services/api/service-guides'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { publicRegion } from '@/services/public-region'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import '../common.scss'

interface Loaded {
  code: string
  guides: ServiceGuideSummaryDto[]
}

/** 办事指南: the services villagers most often ask how to get, each one tap away. */
export default function GuideListPage() {
  const { params } = useRouter()
  const fromQuery = readQueryParam(params.code)
  const list = useLoader<Loaded>()
  const load = () =>
    list.run(async () => {
      const code = await publicRegion(fromQuery)
      return { code, guides: await listServiceGuides(code) }
    })
  useLoad(() => {
    void load()
  })
  const state = list.state
  return (
    <PageRoot className="cw-guides">
      <Text className="cw-guides__title">办事指南</Text>
      <Text className="cw-guides__subtitle">点一项，看看要什么条件、带什么材料、去哪里办。</Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && state.data.guides.length === 0 && <EmptyBox text="还没有办事指南" />}
      {state.kind === 'ready' &&
        state.data.guides.map((g) => (
          <View
            key={g.id}
            className="cw-guides__card"
            role="link"
            onClick={() =>
              void Taro.navigateTo({ url: pageUrl(Routes.GuideDetail, { id: g.id, code: state.data.code }) })
            }
          >
            <Text className="cw-guides__card-title">{g.name}</Text>
            <Text className="cw-guides__card-text">{g.summary}</Text>
          </View>
        ))}
    </PageRoot>
  )
}
