import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useLoad, useRouter } from '@tarojs/taro'
import { ErrorCode, type DemoUserDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox, LoadingBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listDemoUsers } from '@/services/api/auth'
import { ApiError } from '@/services/request'
import { signInAsDemoUser, signInWithWechat } from '@/services/sign-in'
import { pageAfterSignIn } from '@/services/privacy-gate'
import { Routes, readQueryParam } from '@/routes'
import { errorText } from '@/utils/errors'
import { isH5 } from '@/utils/platform'
import { PageRoot } from '@/components/page-root'
import './index.scss'

// Where to go after signing in: only our own pages, so a crafted link cannot send the user elsewhere (the ask form
// sends a signed-out villager here and takes them back to their kept words).
function targetAfterSignIn(redirect: string | undefined): string {
  return ['/pages/', '/secretary/', '/ask/'].some((p) => redirect?.startsWith(p)) ? redirect! : Routes.Home
}

/** Sign-in page: one WeChat button in the mini-program; in H5 development builds, a list of demo people. */
export default function LoginPage() {
  const { params } = useRouter()
  const target = targetAfterSignIn(readQueryParam(params.redirect))
  const users = useLoader<DemoUserDto[]>(isH5() ? 'loading' : 'idle')
  const { busy, once } = useSubmitOnce()
  const [signInError, setSignInError] = useState<string | null>(null)

  const loadUsers = () => users.run(listDemoUsers)
  useLoad(() => {
    if (isH5()) void loadUsers()
  })

  const finish = once(async (signIn: () => Promise<void>) => {
    setSignInError(null)
    try {
      await signIn()
      // reLaunch rather than navigateBack: every page below was rendered for the signed-out user. At first
      // sign-in (or after the privacy policy changed) the policy page comes first.
      await Taro.reLaunch({ url: await pageAfterSignIn(target) })
    } catch (err) {
      setSignInError(errorText(err))
    }
  })

  const state = users.state
  // The BFF hides the demo list when it talks to the real WeChat: this H5 page cannot sign anyone in then.
  const wechatOnly =
    state.kind === 'error' && state.error instanceof ApiError && state.error.code === ErrorCode.NotFound

  return (
    <PageRoot className="cw-login">
      <Text className="cw-login__title">登录村务通</Text>

      {!isH5() && (
        <View className="cw-login__wechat-box">
          <Text className="cw-login__text">用微信账号登录，不用记密码。</Text>
          <Button
            className={`cw-btn cw-login__wechat${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void finish(signInWithWechat)}
          >
            {busy ? '正在登录…' : '微信一键登录'}
          </Button>
        </View>
      )}

      {isH5() && (
        <View className="cw-login__demo">
          <Text className="cw-login__text">开发测试用：请选择一位演示用户登录。</Text>
          {state.kind === 'loading' && <LoadingBox />}
          {wechatOnly && (
            <View className="cw-login__wechat-only">
              <Text className="cw-login__text">请在微信中打开</Text>
            </View>
          )}
          {state.kind === 'error' && !wechatOnly && (
            <ErrorBox message={errorText(state.error)} onRetry={() => void loadUsers()} />
          )}
          {state.kind === 'ready' && state.data.length === 0 && <EmptyBox text="没有演示用户" />}
          {state.kind === 'ready' &&
            state.data.map((user) => (
              <View
                key={user.userKey}
                className="cw-list-row cw-login__user"
                data-user-key={user.userKey}
                onClick={() => {
                  if (!busy) void finish(() => signInAsDemoUser(user.userKey))
                }}
              >
                <Text className="cw-login__user-name">{user.displayName}</Text>
                <Text className="cw-login__user-desc">{user.description}</Text>
              </View>
            ))}
        </View>
      )}

      {signInError && <ErrorBox title="登录没有成功" message={signInError} />}
    </PageRoot>
  )
}
