import { useState, type PropsWithChildren } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ROLE_LABELS, type MeDto } from '@cunwu/domain'
import { ElderlyHome, ElderlyOffer } from '@/components/elderly-home'
import { InboxEntry, StaffEntries } from '@/components/home-entries'
import { ErrorBox } from '@/components/page-state'
import { AskEntries } from '@/components/ask-entries'
import { RoleHome } from '@/components/role-home'
import { VillageFeedSkeleton } from '@/components/village-feed'
import { useElderlyMode } from '@/hooks/use-elderly-mode'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { getMe } from '@/services/api/me'
import { shouldOfferElderlyMode } from '@/services/elderly-mode'
import { Routes } from '@/routes'
import { errorText } from '@/utils/errors'
import { PageRoot } from '@/components/page-root'
import './index.scss'

const open = (url: string) => void Taro.navigateTo({ url })

/** Who is signed in, in one row with the entries given and 我的; while the profile loads, a placeholder of the same height. */
function UserBar({ me, children }: PropsWithChildren<{ me: MeDto | null }>) {
  const role = me?.activeRole
  return (
    <View className="cw-home__user">
      {me === null ? (
        // Placeholders of the same two lines (other classes, so nothing reads them as the person's name or role).
        <View className="cw-home__user-info" aria-busy="true">
          <Text className="cw-home__user-line cw-home__user-line--name"> </Text>
          <Text className="cw-home__user-line cw-home__user-line--role"> </Text>
        </View>
      ) : (
        <View className="cw-home__user-info">
          <Text className="cw-home__user-line cw-home__user-line--name cw-home__user-name">
            {me.displayName}
          </Text>
          <Text className="cw-home__user-line cw-home__user-line--role cw-home__user-role">
            {role ? `${ROLE_LABELS[role.role]} · ${role.regionName ?? role.regionCode}` : '还没有加入村'}
          </Text>
        </View>
      )}
      {children}
      <Button className="cw-home__profile" onClick={() => open(Routes.Profile)}>
        我的
      </Button>
    </View>
  )
}

/**
 * Home page. A villager sees their village's newest disclosures first (with 与我相关 and its count), so the first
 * screen of a small phone has content; staff see their role's work. In 长辈模式 a villager gets the simplified home.
 * A first open offers 长辈模式 once. Whether the service is up is on the about page (查看说明).
 */
export default function HomePage() {
  const session = useSession()
  const me = useLoader<MeDto>('idle')
  const elderly = useElderlyMode()
  const [offer, setOffer] = useState(shouldOfferElderlyMode)
  const loadMe = () => me.run(getMe)
  // On every show, not only on load: the profile page may have switched the active role meanwhile.
  useDidShow(() => {
    if (session) void loadMe()
  })

  const data = me.state.kind === 'ready' ? me.state.data : null
  const grant = data?.activeRole
  const villager = grant?.role === 'villager'
  const offerBox = offer && <ElderlyOffer onDone={() => setOffer(false)} />
  return (
    <PageRoot className="cw-home">
      {!session && (
        <View className="cw-home__header">
          <Text className="cw-home__title">村务通</Text>
          <Text className="cw-home__subtitle">村里的事，公开看得见</Text>
        </View>
      )}
      {!session && offerBox}
      {!session && (
        <Button className="cw-home__button cw-home__login" onClick={() => open(Routes.Login)}>
          登录
        </Button>
      )}
      {session && me.state.kind === 'error' && (
        <ErrorBox message={errorText(me.state.error)} onRetry={() => void loadMe()} />
      )}
      {session && me.state.kind !== 'error' && (
        <View className="cw-home__signed-in">
          {/* A villager's 消息 sits in the name row, so their first screen is the village's disclosures. */}
          <UserBar me={data}>{villager && <InboxEntry compact />}</UserBar>
          {offerBox}
          {/* Most people here are villagers: hold the place of their home so it does not jump in. */}
          {!data && <VillageFeedSkeleton />}
          {data && grant?.role === 'villager' && elderly.on && <ElderlyHome grant={grant} />}
          {data && villager && !elderly.on && <RoleHome me={data} />}
          {data && villager && <AskEntries me={data} />}
          {data && !villager && (
            <>
              <InboxEntry />
              <StaffEntries me={data} />
              <AskEntries me={data} />
              <RoleHome me={data} />
            </>
          )}
        </View>
      )}

      <Button
        className="cw-home__button cw-home__button--ghost cw-home__catalog"
        onClick={() => open(Routes.Catalog)}
      >
        浏览公开目录
      </Button>
      <Button
        className="cw-home__button cw-home__button--ghost cw-home__guides"
        onClick={() => open(Routes.GuideList)}
      >
        办事指南（怎么申请低保等）
      </Button>
      <Button className="cw-home__button cw-home__about" onClick={() => open(Routes.About)}>
        查看说明
      </Button>
    </PageRoot>
  )
}
