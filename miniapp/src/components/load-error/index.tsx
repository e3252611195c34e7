import Taro from '@tarojs/taro'
import { ErrorBox, LoadingBox } from '@/components/page-state'
import type { LoadState } from '@/hooks/use-loader'
import { Routes } from '@/routes'
import { errorText, isGone, needsSignIn } from '@/utils/errors'

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

/** Opens the home page afresh (the pages below may be the ones that led here). */
export const goHome = () => void Taro.reLaunch({ url: Routes.Home })

/**
 * The box a page shows when loading its data failed: the error in plain words, 重试, 去登录 when the error
 * means the person must sign in (again), and 回到首页 when what was asked for does not exist (a page opened from a
 * stale link had only 重试, which could never succeed).
 */
export function LoadErrorBox({ error, onRetry, title, signInUrl = Routes.Login }: LoadErrorBoxProps) {
  return (
    <ErrorBox
      title={title}
      message={errorText(error)}
      onRetry={onRetry}
      onSignIn={needsSignIn(error) ? () => void Taro.navigateTo({ url: signInUrl }) : undefined}
      onHome={isGone(error) ? goHome : undefined}
    />
  )
}

/** Props of {@link LoadStateBox}. */
export interface LoadStateBoxProps {
  /** A load that is not ready: idle, loading, or failed. */
  state: Exclude<LoadState<unknown>, { kind: 'ready' }>
  /** Shows 重试 when the load failed. */
  onRetry?: () => void
  /** What the loading box says. @default '正在加载…' */
  loadingText?: string
}

/**
 * What a page shows until its data is ready: the loading box while loading (or not yet started), the
 * {@link LoadErrorBox} when the load failed. Pages return it inside their root when `state.kind !== 'ready'`.
 */
export function LoadStateBox({ state, onRetry, loadingText }: LoadStateBoxProps) {
  return state.kind === 'error' ? (
    <LoadErrorBox error={state.error} onRetry={onRetry} />
  ) : (
    <LoadingBox text={loadingText} />
  )
}
