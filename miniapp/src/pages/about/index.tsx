import { Button, Text, View } from '@tarojs/components'
import { useLoad } from '@tarojs/taro'
import { ErrorCode, type HealthDto } from '@cunwu/domain'
import { HealthCard } from '@/components/health-card'
import { VillageContact } from '@/components/office-phone'
import { useLoader } from '@/hooks/use-loader'
import { getHealth } from '@/services/api/health'
import { ApiError } from '@/services/request'
import { PageRoot } from '@/components/page-root'
import './index.scss'

function healthErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code === ErrorCode.NetworkError) return err.message
  return '服务暂时不可用，请稍后再试'
}

/** About page: what 村务通 is, whether the service is working (in plain words, `HealthCard`), and its version once. */
export default function AboutPage() {
  const health = useLoader<HealthDto>()
  // useLoader lets only the latest call update the page, so a slow first answer cannot overwrite a retry's.
  const loadHealth = () => health.run(getHealth)
  useLoad(() => {
    void loadHealth()
  })
  const state = health.state
  return (
    <PageRoot className="cw-about">
      <Text className="cw-about__title">村务通是什么</Text>
      <Text className="cw-about__text">村务通把村里公开的事情放在手机上，大家随时能看。</Text>
      <Text className="cw-about__text">
        村里公开的内容，会和乡镇、县里公开的同一件事放在一起对照，看是不是一致。
      </Text>
      <Text className="cw-about__text">有和您家有关的新消息，会及时告诉您。</Text>
      <VillageContact />

      <Text className="cw-about__heading">服务情况</Text>
      {(state.kind === 'loading' || state.kind === 'idle') && (
        <View className="cw-about__loading" aria-live="polite">
          <Text>正在连接服务…</Text>
        </View>
      )}
      {state.kind === 'ready' && <HealthCard health={state.data} />}
      {state.kind === 'error' && (
        <View className="cw-about__error" role="alert">
          <Text className="cw-about__error-title">没有连上服务</Text>
          <Text className="cw-about__error-text">{healthErrorText(state.error)}</Text>
          <Button className="cw-btn cw-about__retry" onClick={() => void loadHealth()}>
            重试
          </Button>
        </View>
      )}
      <Text className="cw-about__version">版本：{state.kind === 'ready' ? state.data.version : '未知'}</Text>
    </PageRoot>
  )
}
