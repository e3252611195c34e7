// Typed text of a staff form kept on the phone until it is sent (tester p1, D6): docs/miniapp.md, "Forms: text kept
// until it is sent".
import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'

const PREFIX = 'cw.formDraft.'
/** A draft older than this is not offered again (a form left a month ago is not what anyone is writing now). */
const KEPT_MS = 30 * 86_400_000

interface Kept<T> {
  value: T
  savedAt: number
}

/** The storage key of one form of one record, e.g. `disclosure-edit.<id>`. */
function storageKey(key: string): string {
  return `${PREFIX}${key}`
}

/** What the form kept under `key`, or null (none, too old, or storage refused). */
export function readKeptDraft<T>(key: string): T | null {
  try {
    const kept = Taro.getStorageSync(storageKey(key)) as Kept<T> | '' | undefined
    if (!kept || typeof kept !== 'object' || !('value' in kept)) return null
    if (!(Date.now() - kept.savedAt < KEPT_MS)) {
      Taro.removeStorageSync(storageKey(key))
      return null
    }
    return kept.value
  } catch {
    return null
  }
}

/** Forgets what the form kept under `key`: after it was sent, or when the person loads the record afresh. */
export function clearKeptDraft(key: string): void {
  try {
    Taro.removeStorageSync(storageKey(key))
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}

/** Whether two form values are the same text (plain data: compared as JSON). */
export function sameDraft(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Keeps `value` in Taro storage under `key` (`localStorage` in H5, WeChat's storage in the mini-program) as it is
 * typed, while it differs from `untouched` (what the form showed when opened), so a reload, 返回 or the phone closing
 * the page does not lose it; the same value as `untouched` removes it. Nothing is kept while `key` is null (the page
 * is still loading, or the record cannot be edited). Each page reads it back with {@link readKeptDraft} when it
 * opens, and calls {@link clearKeptDraft} once the form is sent. A write refused (storage full) is skipped: the form
 * works as before.
 */
export function useKeptDraft<T>(key: string | null, value: T, untouched: T): void {
  const written = useRef<string | null>(null)
  useEffect(() => {
    if (key === null) return
    const text = JSON.stringify(value)
    const same = text === JSON.stringify(untouched)
    // Written once per change of the text (or of whether it is the untouched one), not on every render.
    if (`${same}${key}${text}` === written.current) return
    written.current = `${same}${key}${text}`
    try {
      if (same) Taro.removeStorageSync(storageKey(key))
      else Taro.setStorageSync(storageKey(key), { value, savedAt: Date.now() } satisfies Kept<T>)
    } catch {
      // Storage full or refused: the text stays on screen only, as before.
    }
  }, [key, value, untouched])
}
