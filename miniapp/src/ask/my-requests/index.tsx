import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { INFO_REQUEST_DESCRIPTION_MAX, type InfoRequestDto } from '@cunwu/domain'
import { EmptyBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { correctInfoRequest, listMyInfoRequests } from '@/services/api/info-requests'
import { Routes } from '@/routes'
import { errorText } from '@/utils/errors'
import { RequestCard } from '../request-card'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'
import '../common.scss'

/**
 * The requester's 补正 after a correction notice: what the office asked for, added to the request, which stays on file
 * as filed (条例第三十条); the office's clock then starts again. The box starts empty: the request as shown here is
 * masked, and sent back it would stand for what was asked.
 */
function CorrectForm({ r, onDone }: { r: InfoRequestDto; onDone: (r: InfoRequestDto) => void }) {
  const [text, setText] = useState('')
  const { busy, once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)
  // Counted as the server counts (textLength, an emoji as one); nothing typed is cut. Once refused as too long, the
  // message follows the text as it is shortened, and goes when it fits.
  const [lengthRefused, setLengthRefused] = useState(false)
  const tooLong = tooLongText('补正内容', text, INFO_REQUEST_DESCRIPTION_MAX)
  const said = lengthRefused ? tooLong : error
  const send = once(async () => {
    setLengthRefused(false)
    if (text.trim() === '') return setError('请写上要补充的内容')
    if (tooLong) return setLengthRefused(true)
    setError(null)
    try {
      onDone(await correctInfoRequest(r.id, { description: text.trim() }))
    } catch (err) {
      setError(errorText(err))
    }
  })
  return (
    <View className="cw-request__correct">
      <Text className="cw-ask__label">补正内容</Text>
      <Text className="cw-ask__hint cw-request__correct-asked">
        机关要求补充：{r.correctionNotice?.missing.join('；') ?? ''}
        。只写要补充的内容，原来的申请不变，机关会一起看；从收到补正之日起重新计算答复期限。
      </Text>
      <Textarea
        className="cw-ask__textarea cw-request__correct-text"
        aria-label="补正内容"
        placeholder="写上机关要求补充的内容"
        value={text}
        // No cut: a maxlength counts UTF-16 units (an emoji is two) and dropped typed emoji silently.
        maxlength={NO_CUT}
        onInput={(e) => setText(e.detail.value)}
      />
      <TextCount text={text} max={INFO_REQUEST_DESCRIPTION_MAX} className="cw-request__correct-count" />
      {said && (
        <View className="cw-ask__form-error" role="alert">
          {said}
        </View>
      )}
      <Button className="cw-btn" {...(busy ? { disabled: true } : {})} onClick={() => void send()}>
        提交补正
      </Button>
    </View>
  )
}

/** The requester's own information requests: status, deadline, the correction notice, the reply, each step. */
export default function MyRequestsPage() {
  const list = useLoader<InfoRequestDto[]>()
  const load = () => list.run(listMyInfoRequests)
  useDidShow(() => {
    void load()
  })
  const state = list.state
  const replace = (next: InfoRequestDto) => {
    if (state.kind === 'ready') list.set(state.data.map((r) => (r.id === next.id ? next : r)))
  }
  return (
    <PageRoot className="cw-ask cw-my-requests">
      <Text className="cw-ask__title">我的信息公开申请</Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="还没有申请" />}
      {state.kind === 'ready' &&
        state.data.map((r) => (
          <RequestCard key={r.id} r={r}>
            {r.status === 'awaiting_correction' && <CorrectForm r={r} onDone={replace} />}
          </RequestCard>
        ))}
      <Button className="cw-btn" onClick={() => void Taro.navigateTo({ url: Routes.AskInfoRequest })}>
        新的申请
      </Button>
    </PageRoot>
  )
}
