import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { RegionQuestionsDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import { getRegionQuestions } from '@/services/api/questions'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { ThreadCard } from '../thread'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import '../common.scss'

/**
 * The villagers' open questions and objections a secretary (one village) or the township (its villages) must
 * answer, overdue first; a tap opens the thread to answer it.
 */
export default function VillageQuestionsPage() {
  const params = useRouter().params
  const board = useLoader<RegionQuestionsDto>()
  const load = () =>
    board.run(async () => {
      const region = readQueryParam(params.region) ?? (await getMe()).activeRole?.regionCode
      if (!region) throw new Error('no region')
      return getRegionQuestions(region)
    })
  useDidShow(() => {
    void load()
  })
  const state = board.state
  const overdue = state.kind === 'ready' ? state.data.open.filter((q) => q.overdue).length : 0
  return (
    <PageRoot className="cw-ask cw-village-questions">
      <Text className="cw-ask__title">村民留言</Text>
      <Text className="cw-ask__subtitle">
        提问要在5个工作日内答复；公示期间的异议要在公示结束前答复。超期未答复的会转到乡镇督办。
      </Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && (
        <View className={`cw-ask__notice${overdue > 0 ? ' cw-ask__notice--warn' : ''}`} role="status">
          待答复 {state.data.open.length} 条{overdue > 0 ? `，其中超期 ${overdue} 条` : ''}
        </View>
      )}
      {state.kind === 'ready' && state.data.open.length === 0 && <EmptyBox text="没有待答复的留言" />}
      {state.kind === 'ready' &&
        state.data.open.map((q) => (
          <ThreadCard
            key={q.id}
            q={q}
            onOpen={() => void Taro.navigateTo({ url: pageUrl(Routes.AskQuestion, { id: q.id }) })}
          />
        ))}
    </PageRoot>
  )
}
