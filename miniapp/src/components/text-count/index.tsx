import { View } from '@tarojs/components'
import { textLength } from '@cunwu/domain'
import './index.scss'

/**
 * How long a typed text may be, counted once (docs/miniapp.md, "Forms: how long a text may be"): `textLength` from
 * @cunwu/domain, the server's count, an emoji as one. A Textarea/Input's `maxlength` counts UTF-16 units (😀 is two)
 * and cuts what is typed silently, so a long text's field takes {@link NO_CUT} and shows {@link TextCount}; a short
 * one-line field takes {@link oneLineMaxLength}. Either way the submit refuses with {@link tooLongText}.
 */

/** `maxlength` of a field that cuts nothing (Taro's default is 140): the counter and the submit check guard it. */
export const NO_CUT = -1

/**
 * `maxlength` of a short one-line Input (a name, a code) whose limit is `max` characters: twice it, so a text of
 * emoji within the limit is never cut; the submit check still counts with `textLength`.
 */
export const oneLineMaxLength = (max: number) => max * 2

/** How much longer than `max` characters a text is, in words (已超过N个字), or null within it. */
export function overBy(text: string, max: number): string | null {
  const length = textLength(text)
  return length > max ? `已超过${length - max}个字` : null
}

/** What the submit says instead of sending a text too long: 问题已超过2个字，请删减到500个字以内; null within. */
export function tooLongText(label: string, text: string, max: number): string | null {
  const over = overBy(text, max)
  return over ? `${label}${over}，请删减到${max}个字以内` : null
}

/** The first of several fields' {@link tooLongText}, or null when all are within their limits. */
export function firstTooLong(fields: [label: string, text: string, max: number][]): string | null {
  for (const [label, text, max] of fields) {
    const said = tooLongText(label, text, max)
    if (said) return said
  }
  return null
}

export interface TextCountProps {
  text: string
  max: number
  /** Extra class names (a page's own, e.g. cw-info-form__count). */
  className?: string
  /** Show nothing until the text is over the limit (a short optional field). @default false */
  onlyWhenOver?: boolean
}

/**
 * The live counter under a field: N/1000 字 as the server counts, and 已超过N个字 once over (read out politely as it
 * changes). Nothing typed is cut; the person shortens it.
 */
export function TextCount({ text, max, className, onlyWhenOver = false }: TextCountProps) {
  const over = overBy(text, max)
  if (!over && onlyWhenOver) return null
  return (
    <View
      className={`cw-text-count${className ? ` ${className}` : ''}${over ? ' cw-text-count--over' : ''}`}
      aria-live="polite"
    >
      {over ?? `${textLength(text)}/${max} 字`}
    </View>
  )
}
