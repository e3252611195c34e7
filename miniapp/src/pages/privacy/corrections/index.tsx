import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useLoad, useRouter } from '@tarojs/taro'
import type { CorrectionDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { getMe } from '@/services/api/me'
import { listCorrections, resolveCorrection } from '@/services/api/privacy'
import { readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import '../index.scss'
import './index.scss'

const KIND_TEXT = { correct: '申请更正', delete: '申请删除' } as const

/** The village's secretary sees the villagers' correction and deletion requests (a message leads here). */
export default function CorrectionsPage() {
  const { params } = useRouter()
  const list = useLoader<CorrectionDto[]>()
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = () =>
    list.run(async () => {
      const village =
        readQueryParam(params.village) ??
        (await getMe()).roles.find((r) => r.role === 'secretary')?.regionCode ??
        null
      if (!village) return []
      return listCorrections(village)
    })
  useLoad(() => {
    void load()
  })

  const state = list.state
  const markDone = async (id: string) => {
    if (state.kind !== 'ready') return
    setBusy(id)
    setError(null)
    try {
      const done = await resolveCorrection(id)
      list.set(state.data.map((c) => (c.id === id ? done : c)))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  }
  return (
    <PageRoot className="cw-privacy cw-corrections">
      <Text className="cw-privacy__title">更正申请</Text>
      <Text className="cw-privacy__meta">
        村民认为村里保存的信息有误或想删除时，会在这里提出。请核实后处理。
      </Text>
      {(state.kind === 'loading' || state.kind === 'idle') && <LoadingBox />}
      {state.kind === 'error' && <LoadErrorBox error={state.error} onRetry={() => void load()} />}
      {error && <ErrorBox title="没有保存成功" message={error} />}
      {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="还没有更正申请" />}
      {state.kind === 'ready' &&
        state.data.map((c) => (
          <View key={c.id} className="cw-privacy__section cw-corrections__item">
            <Text className="cw-privacy__heading">
              {c.name} · {KIND_TEXT[c.kind]}
            </Text>
            <Text className="cw-privacy__paragraph cw-corrections__target">是哪条信息：{c.target}</Text>
            <Text className="cw-privacy__paragraph cw-corrections__text">要怎么改：{c.text}</Text>
            <Text className="cw-privacy__meta">
              {formatDateTime(c.createdAt)} · {c.status === 'open' ? '待处理' : '已处理'}
            </Text>
            {c.status === 'open' && (
              <Button
                className={`cw-btn cw-btn--ghost cw-corrections__done${busy === c.id ? ' cw-btn--busy' : ''}`}
                {...(busy === c.id ? { disabled: true } : {})}
                onClick={() => void markDone(c.id)}
              >
                已核实处理
              </Button>
            )}
          </View>
        ))}
    </PageRoot>
  )
}
