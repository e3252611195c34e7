import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import type { PrivacyPolicyDto, PrivacyStatusDto } from '@cunwu/domain'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSession } from '@/hooks/use-session'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { acceptPrivacyPolicy, getPrivacyPolicy, getPrivacyStatus } from '@/services/api/privacy'
import { signOut } from '@/services/session'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { formatDate, formatDateTime } from '@/utils/format'
import { PageRoot } from '@/components/page-root'
import { LoadErrorBox } from '@/components/load-error'
import './index.scss'

interface PolicyView {
  policy: PrivacyPolicyDto
  /** Null when signed out: the policy is readable by anyone. */
  status: PrivacyStatusDto | null
}

// After accepting, only our own pages: a crafted link cannot send the person elsewhere.
function targetAfterAccepting(redirect: string | undefined): string {
  return redirect?.startsWith('/') && !redirect.startsWith('//') ? redirect : Routes.Home
}

/**
 * 隐私政策: the policy in plain Chinese. At first sign-in (and after the version changed) it asks the person to
 * agree before anything personal opens; declining signs them out, and public pages stay open to them.
 */
export default function PrivacyPage() {
  const { params } = useRouter()
  const target = targetAfterAccepting(readQueryParam(params.redirect))
  const signedIn = useSession() !== null
  const view = useLoader<PolicyView>()
  const { busy, once } = useSubmitOnce()
  const [acceptError, setAcceptError] = useState<string | null>(null)

  const load = () =>
    view.run(async () => {
      const [policy, status] = await Promise.all([getPrivacyPolicy(), signedIn ? getPrivacyStatus() : null])
      return { policy, status }
    })
  useLoad(() => {
    void load()
  })

  const accept = once(async (version: string) => {
    setAcceptError(null)
    try {
      await acceptPrivacyPolicy(version)
      await Taro.reLaunch({ url: target })
    } catch (err) {
      setAcceptError(errorText(err))
      // A newer version came out while reading: show it.
      void load()
    }
  })

  const decline = async () => {
    await signOut()
    await Taro.reLaunch({ url: Routes.Home })
  }

  const state = view.state
  if (state.kind === 'loading' || state.kind === 'idle') {
    return (
      <PageRoot className="cw-privacy">
        <LoadingBox />
      </PageRoot>
    )
  }
  if (state.kind === 'error') {
    return (
      <PageRoot className="cw-privacy">
        <LoadErrorBox error={state.error} onRetry={() => void load()} />
      </PageRoot>
    )
  }

  const { policy, status } = state.data
  const mustAccept = status?.needsAcceptance === true
  return (
    <PageRoot className="cw-privacy">
      <Text className="cw-privacy__title">{policy.title}</Text>
      {/* The day, not the version key (版本 2026.12.3 means nothing to a villager): it tells versions apart too. */}
      <Text className="cw-privacy__meta">{formatDate(policy.effectiveDate)}更新，当天起施行</Text>
      {mustAccept && (
        <Text className="cw-privacy__ask">
          {status.acceptedVersion ? '隐私政策有更新，' : ''}请您先读一读，同意后才能使用和您个人有关的功能。
        </Text>
      )}

      {policy.sections.map((section) => (
        <View key={section.heading} className="cw-privacy__section">
          <Text className="cw-privacy__heading">{section.heading}</Text>
          {section.paragraphs.map((p) => (
            <Text key={p} className="cw-privacy__paragraph">
              {p}
            </Text>
          ))}
        </View>
      ))}

      {status && !mustAccept && status.acceptedAt && (
        <View className="cw-privacy__accepted">
          <Text className="cw-privacy__paragraph">
            您已于 {formatDateTime(status.acceptedAt)} 同意本政策。
          </Text>
          {params.redirect && (
            <Button
              className="cw-btn cw-privacy__continue"
              onClick={() => void Taro.reLaunch({ url: target })}
            >
              继续
            </Button>
          )}
          <Button
            className="cw-btn cw-btn--ghost cw-privacy__my-data"
            onClick={() => void Taro.navigateTo({ url: Routes.PrivacyMyData })}
          >
            查看我的信息
          </Button>
        </View>
      )}

      {mustAccept && (
        <View className="cw-privacy__actions">
          {acceptError && <ErrorBox title="没有保存成功" message={acceptError} />}
          <Button
            className={`cw-btn cw-privacy__accept${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void accept(policy.version)}
          >
            {busy ? '正在保存…' : '同意并继续'}
          </Button>
          <Button className="cw-btn cw-btn--ghost cw-privacy__decline" onClick={() => void decline()}>
            不同意，退出登录
          </Button>
        </View>
      )}
    </PageRoot>
  )
}
