import { useCallback, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad } from '@tarojs/taro'
import { ErrorCode, type HealthDto } from '@cunwu/domain'
import { HealthCard } from '@/components/health-card'
import { getHealth } from '@/services/api/health'
import { ApiError } from '@/services/request'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

type HealthState =
  { kind: 'loading' } | { kind: 'ready'; health: HealthDto } | { kind: 'error'; message: string }

function errorText(err: unknown): string {
  if (err instanceof ApiError && err.code === ErrorCode.NetworkError) return err.message
  return '服务暂时不可用，请稍后再试'
}

/** Home page: greets the user and shows whether the 村务通 service is working. */
export default function HomePage() {
  const [state, setState] = useState<HealthState>({ kind: 'loading' })
  // Only the latest call may update the page, so a slow first answer cannot overwrite a retry's result.
  const latestCall = useRef(0)

  const load = useCallback(async () => {
    const call = ++latestCall.current
    setState({ kind: 'loading' })
    try {
      const health = await getHealth()
      if (call === latestCall.current) setState({ kind: 'ready', health })
    } catch (err) {
      if (call === latestCall.current) setState({ kind: 'error', message: errorText(err) })
    }
  }, [])

  useLoad(() => {
    void load()
  })

  const handleRetry = () => {
    void load()
  }

  const handleAbout = () => {
    const version = state.kind === 'ready' ? state.health.version : undefined
    void Taro.navigateTo({ url: pageUrl(Routes.About, { version }) })
  }

  return (
    <View className="cw-home">
      <View className="cw-home__header">
        <Text className="cw-home__title">村务通</Text>
        <Text className="cw-home__subtitle">村里的事，公开看得见</Text>
      </View>

      {state.kind === 'loading' && (
        <View className="cw-home__loading" aria-live="polite">
          <Text>正在连接服务…</Text>
        </View>
      )}

      {state.kind === 'ready' && <HealthCard health={state.health} />}

      {state.kind === 'error' && (
        <View className="cw-home__error" role="alert">
          <Text className="cw-home__error-title">没有连上服务</Text>
          <Text className="cw-home__error-text">{state.message}</Text>
          <Button className="cw-home__button cw-home__retry" onClick={handleRetry}>
            重试
          </Button>
        </View>
      )}

      <Button className="cw-home__button cw-home__about" onClick={handleAbout}>
        查看说明
      </Button>
    </View>
  )
}
