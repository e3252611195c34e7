import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useLoad } from '@tarojs/taro'
import { ErrorCode, ROLE_LABELS, type HealthDto, type MeDto } from '@cunwu/domain'
import { HealthCard } from '@/components/health-card'
import { InboxEntry, StaffEntries } from '@/components/home-entries'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import { RoleHome } from '@/components/role-home'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { getHealth } from '@/services/api/health'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { Routes, pageUrl } from '@/routes'
import { errorText } from '@/utils/errors'
import './index.scss'

function healthErrorText(err: unknown): string {
  if (err instanceof ApiError && err.code === ErrorCode.NetworkError) return err.message
  return '服务暂时不可用，请稍后再试'
}

/** Home page: who is signed in and their role's home, plus whether the 村务通 service is working. */
export default function HomePage() {
  const health = useLoader<HealthDto>()
  const session = useSession()
  const me = useLoader<MeDto>('idle')
  const loadMe = () => me.run(getMe)
  // On every show, not only on load: the profile page may have switched the active role meanwhile.
  useDidShow(() => {
    if (session) void loadMe()
  })
  // useLoader lets only the latest call update the page, so a slow first answer cannot overwrite a retry's.
  const loadHealth = () => health.run(getHealth)
  useLoad(() => {
    void loadHealth()
  })

  const state = health.state
  const handleAbout = () => {
    const version = state.kind === 'ready' ? state.data.version : undefined
    void Taro.navigateTo({ url: pageUrl(Routes.About, { version }) })
  }

  return (
    <View className="cw-home">
      <View className="cw-home__header">
        <Text className="cw-home__title">村务通</Text>
        <Text className="cw-home__subtitle">村里的事，公开看得见</Text>
      </View>

      {!session && (
        <Button
          className="cw-home__button cw-home__login"
          onClick={() => void Taro.navigateTo({ url: Routes.Login })}
        >
          登录
        </Button>
      )}
      {session && me.state.kind === 'loading' && <LoadingBox text="正在读取您的信息…" />}
      {session && me.state.kind === 'error' && (
        <ErrorBox message={errorText(me.state.error)} onRetry={() => void loadMe()} />
      )}
      {session && me.state.kind === 'ready' && (
        <View className="cw-home__signed-in">
          <View className="cw-home__user">
            <View className="cw-home__user-info">
              <Text className="cw-home__user-name">{me.state.data.displayName}</Text>
              <Text className="cw-home__user-role">
                {me.state.data.activeRole ? ROLE_LABELS[me.state.data.activeRole.role] : '还没有加入村'}
              </Text>
            </View>
            <Button
              className="cw-home__profile"
              onClick={() => void Taro.navigateTo({ url: Routes.Profile })}
            >
              我的
            </Button>
          </View>
          <InboxEntry />
          <StaffEntries me={me.state.data} />
          <RoleHome me={me.state.data} />
        </View>
      )}

      {(state.kind === 'loading' || state.kind === 'idle') && (
        <View className="cw-home__loading" aria-live="polite">
          <Text>正在连接服务…</Text>
        </View>
      )}

      {state.kind === 'ready' && <HealthCard health={state.data} />}

      {state.kind === 'error' && (
        <View className="cw-home__error" role="alert">
          <Text className="cw-home__error-title">没有连上服务</Text>
          <Text className="cw-home__error-text">{healthErrorText(state.error)}</Text>
          <Button className="cw-home__button cw-home__retry" onClick={() => void loadHealth()}>
            重试
          </Button>
        </View>
      )}

      <Button
        className="cw-home__button cw-home__button--ghost cw-home__catalog"
        onClick={() => void Taro.navigateTo({ url: Routes.Catalog })}
      >
        浏览公开目录
      </Button>
      <Button className="cw-home__button cw-home__about" onClick={handleAbout}>
        查看说明
      </Button>
    </View>
  )
}
