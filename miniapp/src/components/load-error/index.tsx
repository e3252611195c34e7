import Taro from '@tarojs/taro'
import { ErrorBox } from '@/components/page-state'
import { Routes } from '@/routes'
import { errorText, needsSignIn } from '@/utils/errors'

/** Props of {@link LoadErrorBox}. */
export interface LoadErrorBoxProps {
  /** What the failed load threw. */
  error: unknown
  /** Shows 重试 when given. */
  onRetry?: () => void
  /** @default '没有加载成功' */
  title?: string
  /** Where 去登录 leads, e.g. the sign-in page with a redirect back. @default Routes.Login */
  signInUrl?: string
}

/**
 * The box a page shows when loading its data failed: the error in plain words, 重试, and 去登录 when the error
 * means the person must sign in (again).
 */
export function LoadErrorBox({ error, onRetry, title, signInUrl = Routes.Login }: LoadErrorBoxProps) {
  return (
    <ErrorBox
      title={title}
      message={errorText(error)}
      onRetry={onRetry}
      onSignIn={needsSignIn(error) ? () => void Taro.navigateTo({ url: signInUrl }) : undefined}
    />
  )
}
