import { Button, Text, View } from '@tarojs/components'
import './index.scss'

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  /** The question, e.g. 确定移出本村？ */
  title: string
  /** What will happen, in one or two plain sentences. */
  message: string
  /** Words on the confirming button, e.g. 确定移出. */
  confirmText: string
  /** @default '取消' */
  cancelText?: string
  /** While the request runs: the confirming button shows `busyText` and ignores taps. @default false */
  busy?: boolean
  /** @default '正在处理…' */
  busyText?: string
  /** Why the last try failed, shown above the buttons. */
  error?: string | null
  onConfirm: () => void
  onCancel: () => void
}

/**
 * Asks once more before a step that is hard to undo. Drawn in the page rather than with `wx.showModal`, so the
 * text is not cut short and the two buttons are full-width and easy to hit.
 */
export function ConfirmDialog({
  title,
  message,
  confirmText,
  cancelText = '取消',
  busy = false,
  busyText = '正在处理…',
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  return (
    <View className="cw-confirm">
      <View className="cw-confirm__panel" role="dialog" aria-modal="true" aria-label={title}>
        <Text className="cw-confirm__title">{title}</Text>
        <Text className="cw-confirm__message">{message}</Text>
        {error && (
          <View className="cw-confirm__error" role="alert">
            {error}
          </View>
        )}
        <Button
          className={`cw-btn cw-btn--danger cw-confirm__ok${busy ? ' cw-btn--busy' : ''}`}
          {...(busy ? { disabled: true } : {})}
          onClick={() => {
            if (!busy) onConfirm()
          }}
        >
          {busy ? busyText : confirmText}
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-confirm__cancel" onClick={onCancel}>
          {cancelText}
        </Button>
      </View>
    </View>
  )
}
