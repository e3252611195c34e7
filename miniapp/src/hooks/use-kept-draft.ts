// Typed text of a staff form kept on the phone until it is sent (tester p1, D6): docs/miniapp.md, "Forms: text kept
// until it is sent". The storage, and whose text it is, is services/kept-drafts.ts.
import { useEffect, useRef } from 'react'
import { clearKeptDraft, writeKeptDraft } from '@/services/kept-drafts'

export { clearKeptDraft, readKeptDraft, sameDraft } from '@/services/kept-drafts'

/**
 * Keeps `value` in Taro storage under `key` (`localStorage` in H5, WeChat's storage in the mini-program) as it is
 * typed, while it differs from `untouched` (what the form showed when opened), so a reload, 返回 or the phone closing
 * the page does not lose it; the same value as `untouched` removes it. Nothing is kept while `key` is null (the page
 * is still loading, or the record cannot be edited). Each page reads it back with `readKeptDraft` when it opens,
 * and calls `clearKeptDraft` once the form is sent; sign-out forgets it all (services/offline-owner.ts). A write
 * refused (storage full) is skipped: the form works as before.
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
      if (same) clearKeptDraft(key)
      else writeKeptDraft(key, value)
    } catch {
      // Storage full or refused: the text stays on screen only, as before.
    }
  }, [key, value, untouched])
}
