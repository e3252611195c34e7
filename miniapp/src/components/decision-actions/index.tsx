import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { NO_CUT, TextCount, tooLongText } from '../text-count'
import './index.scss'

/** Props of {@link DecisionActions}. */
export interface DecisionActionsProps {
  /** The approve button, e.g. 通过 or 通过并公开. */
  approveText: string
  /** The button that opens the reason box, e.g. 不通过 or 退回修改. */
  rejectText: string
  /** The button that sends the rejection, e.g. 确定不通过. */
  confirmRejectText: string
  /** Label above the reason box (also its accessible name), e.g. 退回原因. */
  reasonLabel: string
  /** An example reason, in the box while it is empty. */
  reasonPlaceholder: string
  /** The longest reason the BFF takes, counted as it counts (an emoji is one; nothing typed is cut). @default 200 */
  reasonMaxLength?: number
  /** A decision on this item is on its way: both sending buttons show it and ignore taps. @default false */
  busy?: boolean
  /** @default '正在处理…' */
  busyText?: string
  onApprove: () => void
  /** Called with the reason as typed; the page decides whether it is good enough. */
  onReject: (reason: string) => void
  /** Called when the reason box opens (e.g. to clear an earlier error). */
  onStartReject?: () => void
}

/**
 * Approve, or reject with a written reason, for one item of a review list (membership applications,
 * disclosures waiting for the township). Rejecting takes two taps: the first opens the reason box, the
 * second sends; 取消 closes the box without sending anything.
 */
export function DecisionActions({
  approveText,
  rejectText,
  confirmRejectText,
  reasonLabel,
  reasonPlaceholder,
  reasonMaxLength = 200,
  busy = false,
  busyText = '正在处理…',
  onApprove,
  onReject,
  onStartReject,
}: DecisionActionsProps) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const [tooLong, setTooLong] = useState<string | null>(null)
  // A class, not only [disabled]: see .cw-btn--busy in app.scss.
  const busyProps = busy ? { disabled: true } : {}
  const busyClass = busy ? ' cw-btn--busy' : ''

  if (rejecting)
    return (
      <View className="cw-decision cw-decision--rejecting">
        <Text className="cw-decision__label">{reasonLabel}</Text>
        <Input
          className="cw-input cw-decision__reason"
          aria-label={reasonLabel}
          value={reason}
          placeholder={reasonPlaceholder}
          maxlength={NO_CUT}
          onInput={(e) => setReason(e.detail.value)}
        />
        <TextCount text={reason} max={reasonMaxLength} className="cw-decision__count" onlyWhenOver />
        {tooLong && (
          <View className="cw-decision__error" role="alert">
            {tooLong}
          </View>
        )}
        <Button
          className={`cw-btn cw-btn--danger cw-decision__reject-confirm${busyClass}`}
          {...busyProps}
          onClick={() => {
            // Counted as the server counts; a reason too long is not sent, the person shortens it.
            const said = tooLongText(reasonLabel, reason, reasonMaxLength)
            setTooLong(said)
            if (!said) onReject(reason)
          }}
        >
          {confirmRejectText}
        </Button>
        <Button className="cw-btn cw-btn--ghost cw-decision__cancel" onClick={() => setRejecting(false)}>
          取消
        </Button>
      </View>
    )

  return (
    <View className="cw-decision">
      <Button className={`cw-btn cw-decision__approve${busyClass}`} {...busyProps} onClick={onApprove}>
        {busy ? busyText : approveText}
      </Button>
      <Button
        className="cw-btn cw-btn--danger cw-decision__reject"
        onClick={() => {
          setReason('')
          setTooLong(null)
          setRejecting(true)
          onStartReject?.()
        }}
      >
        {rejectText}
      </Button>
    </View>
  )
}
