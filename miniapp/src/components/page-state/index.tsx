import { Button, Text, View } from '@tarojs/components'
import './index.scss'

/** Props of {@link LoadingBox}. */
export interface LoadingBoxProps {
  /** @default '正在加载…' */
  text?: string
}

/** A calm "please wait" box, announced to screen readers. */
export function LoadingBox({ text = '正在加载…' }: LoadingBoxProps) {
  return (
    <View className="cw-state cw-state--loading" aria-live="polite">
      <Text className="cw-state__text">{text}</Text>
    </View>
  )
}

/** Props of {@link ErrorBox}. */
export interface ErrorBoxProps {
  /** What went wrong, in plain words. */
  message: string
  /** @default '没有加载成功' */
  title?: string
  /** Shows a 重试 button when given. */
  onRetry?: () => void
  /** Shows a 去登录 button when given (the error needs a sign-in). */
  onSignIn?: () => void
  /** Shows a 回到首页 button when given (what was asked for does not exist: trying again cannot help). */
  onHome?: () => void
}

/** A red box that says what went wrong, with 重试, 去登录 and/or 回到首页. */
export function ErrorBox({ message, title = '没有加载成功', onRetry, onSignIn, onHome }: ErrorBoxProps) {
  return (
    <View className="cw-state cw-state--error" role="alert">
      <Text className="cw-state__title">{title}</Text>
      <Text className="cw-state__text">{message}</Text>
      {onSignIn && (
        <Button className="cw-btn cw-state__sign-in" onClick={onSignIn}>
          去登录
        </Button>
      )}
      {onRetry && (
        <Button className="cw-btn cw-state__retry" onClick={onRetry}>
          重试
        </Button>
      )}
      {onHome && (
        <Button className="cw-btn cw-btn--ghost cw-state__home" onClick={onHome}>
          回到首页
        </Button>
      )}
    </View>
  )
}

/** Props of {@link EmptyBox}. */
export interface EmptyBoxProps {
  text: string
}

/** Says plainly that there is nothing to show yet. */
export function EmptyBox({ text }: EmptyBoxProps) {
  return (
    <View className="cw-state cw-state--empty">
      <Text className="cw-state__text">{text}</Text>
    </View>
  )
}
