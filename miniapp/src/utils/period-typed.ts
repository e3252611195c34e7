// Reading a period as a person types it. Its own module: only the staff's forms use it, and the H5 entry (which
// holds utils/period.ts for every page) should not carry it.
import { pad2 } from './period'

const CHINESE_QUARTER: Record<string, string> = { 一: '1', 二: '2', 三: '3', 四: '4' }

/**
 * A period as a person types it, as the key the API wants: 2026-Q1 as well as ２０２６年第一季度, 2026q1, 2026年7月,
 * 2026.7, 2026年上半年 or 2026年 (full-width characters and spaces, as an input method leaves them, are read as
 * meant). Returns the text folded but otherwise unchanged when it has none of these shapes; the caller checks it
 * against PeriodKeySchema.
 */
export function periodKeyOfTyped(text: string): string {
  const t = text.normalize('NFKC').replace(/\s/g, '').toUpperCase()
  let m = /^(\d{4})年?$/.exec(t)
  if (m) return m[1] ?? t
  m = /^(\d{4})(?:年|[-./])(\d{1,2})月?$/.exec(t)
  if (m) return `${m[1]}-${pad2(Number(m[2]))}`
  m = /^(\d{4})(?:年|-)?(?:第?([1-4一二三四])季度?|Q([1-4]))$/.exec(t)
  if (m) return `${m[1]}-Q${m[3] ?? CHINESE_QUARTER[m[2] ?? ''] ?? m[2]}`
  m = /^(\d{4})(?:年|-)?(?:([上下])半年|H([12]))$/.exec(t)
  if (m) return `${m[1]}-H${m[3] ?? (m[2] === '上' ? '1' : '2')}`
  return t
}
