import { View } from '@tarojs/components'
import {
  INFO_REQUEST_MISSING_ITEM_MAX,
  INFO_REQUEST_MISSING_ITEMS_MAX,
  listItemsProblem,
} from '@cunwu/domain'

/** The items of a correction notice as the office typed them: one a line, blank lines dropped. */
export const noticeItems = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')

/** What is wrong with a notice's items (第3项最多200个字（每项分别计算）…), as the API says it; null when fine. */
export const noticeItemsProblem = (items: readonly string[]) =>
  listItemsProblem(items, INFO_REQUEST_MISSING_ITEM_MAX, INFO_REQUEST_MISSING_ITEMS_MAX)

/**
 * The live count under the notice's box: how many items of how many and the limit per item, or what is wrong once
 * something is (第3项…), in the counter's danger colour. Nothing typed is cut.
 */
export function NoticeCount({ text }: { text: string }) {
  const items = noticeItems(text)
  const problem = noticeItemsProblem(items)
  return (
    <View
      className={`cw-text-count cw-office__notice-count${problem ? ' cw-text-count--over' : ''}`}
      aria-live="polite"
    >
      {problem ??
        `${items.length}/${INFO_REQUEST_MISSING_ITEMS_MAX} 项，每项最多${INFO_REQUEST_MISSING_ITEM_MAX}个字`}
    </View>
  )
}
