import { View } from '@tarojs/components'
import { focusable } from '@/utils/focusable'

/** One chip of a `ChoiceChips`: its value, its words, and `data-*` attributes naming it (for tests and styles). */
export interface Choice<T> {
  value: T
  words: string
  data?: Record<`data-${string}`, string>
}

/**
 * A choice of one among a few values, drawn as chips: a radio group named `label`, each chip `role="radio"` with
 * `aria-checked` and a tab stop, checked by a tap, or by Space in H5 (`utils/h5-button-role.ts`), so a screen reader
 * says what is chosen and a keyboard can choose (WCAG 2.1.1, 4.1.2; WAI-ARIA's radio group). The classes are the
 * page's own: the group's, every chip's and the chosen chip's.
 */
export function ChoiceChips<T extends string | number | null>(props: {
  label: string
  value: T | undefined
  choices: readonly Choice<T>[]
  onChange: (value: T) => void
  className: string
  optionClassName: string
  checkedClassName: string
}) {
  return (
    <View className={props.className} role="radiogroup" aria-label={props.label}>
      {props.choices.map((c) => {
        const checked = c.value === props.value
        return (
          <View
            key={String(c.value)}
            {...c.data}
            {...focusable}
            role="radio"
            aria-checked={checked}
            className={`${props.optionClassName}${checked ? ` ${props.checkedClassName}` : ''}`}
            onClick={() => props.onChange(c.value)}
          >
            {c.words}
          </View>
        )
      })}
    </View>
  )
}
