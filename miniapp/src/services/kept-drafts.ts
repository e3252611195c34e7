// Typed text of a staff form kept on the phone until it is sent (tester p1, D6): docs/miniapp.md, "Forms: text kept
// until it is sent". It belongs to the person signed in: services/offline-owner.ts forgets all of it at sign-out and
// when another person signs in on the phone, by the same rule as the offline cache.
import Taro from '@tarojs/taro'

const PREFIX = 'cw.formDraft.'
/** The keys of every form's kept text, so all of it can be forgotten at once (sign-out, another person). */
const INDEX_KEY = 'cw.formDrafts'
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

function readIndex(): string[] {
  try {
    const stored: unknown = Taro.getStorageSync(INDEX_KEY)
    return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : []
  } catch {
    return []
  }
}

/** What the form kept under `key`, or null (none, too old, or storage refused). */
export function readKeptDraft<T>(key: string): T | null {
  try {
    const kept = Taro.getStorageSync(storageKey(key)) as Kept<T> | '' | undefined
    if (!kept || typeof kept !== 'object' || !('value' in kept)) return null
    if (!(Date.now() - kept.savedAt < KEPT_MS)) {
      clearKeptDraft(key)
      return null
    }
    return kept.value
  } catch {
    return null
  }
}

/**
 * Keeps `value` under `key`. The key is listed first, so nothing is kept that {@link clearAllKeptDrafts} would not
 * find. Throws when storage refuses (full): the caller keeps the text on screen only.
 */
export function writeKeptDraft<T>(key: string, value: T): void {
  const index = readIndex()
  if (!index.includes(key)) Taro.setStorageSync(INDEX_KEY, [...index, key])
  Taro.setStorageSync(storageKey(key), { value, savedAt: Date.now() } satisfies Kept<T>)
}

/** Forgets what the form kept under `key`: after it was sent, or when the person loads the record afresh. */
export function clearKeptDraft(key: string): void {
  try {
    Taro.removeStorageSync(storageKey(key))
    const index = readIndex()
    const rest = index.filter((k) => k !== key)
    if (rest.length < index.length) Taro.setStorageSync(INDEX_KEY, rest)
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}

/** Forgets the text kept by every form on this phone (services/offline-owner.ts: sign-out, another person). */
export function clearAllKeptDrafts(): void {
  try {
    for (const key of readIndex()) Taro.removeStorageSync(storageKey(key))
    Taro.removeStorageSync(INDEX_KEY)
  } catch {
    // Storage refused: nothing more can be done here.
  }
}

/** Whether two form values are the same text (plain data: compared as JSON). */
export function sameDraft(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
