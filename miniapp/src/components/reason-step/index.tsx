import { Button, Text, Textarea, View } from '@tarojs/components'
import { NO_CUT, TextCount } from '../text-count'
import './index.scss'

/** Props of {@link ReasonStep}. */
export interface ReasonStepProps {
  /** What the field asks for, and who reads it: 原因（会记入操作记录）, 撤下原因（村民会看到）. Names the field too. */
  label: string
  /** An example of a reason, shown in the empty field. */
  placeholder: string
  value: string
  onChange: (value: string) => void
  /** Why 下一步 was refused (the page checks the reason, with the schema the BFF uses), shown under the field. */
  error?: string | null
  /** Checks what was typed and moves on (usually to a confirmation). */
  onNext: () => void
  onCancel: () => void
  /** Words on the button that closes the step without doing anything, e.g. 不撤销了. */
  cancelText: string
  /** The longest reason the BFF takes, counted as it counts (an emoji is one; nothing typed is cut). @default 200 */
  maxLength?: number
}

/**
 * The last step of a form that takes a reason before something hard to undo: the labelled field, why it was refused,
 * 下一步 and a way out. The page checks the reason and asks for the confirmation; this only draws the step, the same
 * way everywhere (撤并村's forms, 撤下附件).
 */
export function ReasonStep({
  label,
  placeholder,
  value,
  onChange,
  error,
  onNext,
  onCancel,
  cancelText,
  maxLength = 200,
}: ReasonStepProps) {
  return (
    <View className="cw-reason-step">
      <Text className="cw-reason-step__label">{label}</Text>
      <Textarea
        className="cw-reason-step__field"
        aria-label={label}
        value={value}
        placeholder={placeholder}
        maxlength={NO_CUT}
        onInput={(e) => onChange(e.detail.value)}
      />
      <TextCount text={value} max={maxLength} className="cw-reason-step__count" />
      {error && (
        <View className="cw-reason-step__error" role="alert">
          {error}
        </View>
      )}
      <Button className="cw-btn cw-reason-step__next" onClick={onNext}>
        下一步
      </Button>
      <Button className="cw-btn cw-btn--ghost cw-reason-step__cancel" onClick={onCancel}>
        {cancelText}
      </Button>
    </View>
  )
}
