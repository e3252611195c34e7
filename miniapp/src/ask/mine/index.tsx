import { Button, Text } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import type { QuestionDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listMyQuestions } from '@/services/api/questions'
import { Routes, pageUrl } from '@/routes'
import { ThreadCard } from '../thread'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import '../common.scss'

/** A villager's own questions and objections with their status, deadline and answer. */
export default function MyQuestionsPage() {
  const list = useLoader<QuestionDto[]>()
  const load = () => list.run(listMyQuestions)
  // Again on every show: back from a thread, its answer may have arrived.
  useDidShow(() => {
    void load()
  })
  const state = list.state
  return (
    <PageRoot className="cw-ask cw-my-questions">
      <Text className="cw-ask__title">我的留言</Text>
      <Text className="cw-ask__subtitle">在公开内容下面点“提问或提异议”就可以留言。</Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="还没有留言" />}
      {state.kind === 'ready' &&
        state.data.map((q) => (
          <ThreadCard
            key={q.id}
            q={q}
            onOpen={() => void Taro.navigateTo({ url: pageUrl(Routes.AskQuestion, { id: q.id }) })}
          />
        ))}
      <Button
        className="cw-btn cw-btn--ghost"
        onClick={() => void Taro.navigateTo({ url: Routes.AskMyRequests })}
      >
        我的信息公开申请
      </Button>
    </PageRoot>
  )
}
