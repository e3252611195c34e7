// Typed text of a staff form kept on the phone until it is sent (tester p1, D6): docs/miniapp.md, "Forms: text kept
// until it is sent". It belongs to the person signed in: services/offline-owner.ts forgets all of it at sign-out and
// when another person signs in on the phone, by the same rule as the offline cache. Every key names its owner, and
// nothing is written or read unless this page's person is the one signed in now (services/session-owner.ts).
import Taro from '@tarojs/taro'
import { signedInOwner } from '@/services/session-owner'

const PREFIX = 'cw.formDraft.'
/**
 * The keys of every form's kept text (`<owner>.<form>.<record>`; before owners were named, `<form>.<record>`), so all
 * of it can be forgotten at once (sign-out, another person).
 */
const INDEX_KEY = 'cw.formDrafts'
/** A draft older than this is not offered again (a form left a month ago is not what anyone is writing now). */
const KEPT_MS = 30 * 86_400_000

interface Kept<T> {
  value: T
  savedAt: number
}

/** The storage key of an entry of the index. */
function storageKey(entry: string): string {
  return `${PREFIX}${entry}`
}

/**
 * The index entry of one form of one record (e.g. `disclosure-edit.<id>`) for the person signed in now, or null when
 * nobody is, or this page's person is no longer the one signed in (another tab signed out or in): then nothing is
 * read or written, so a page left open for one person never keeps text for them under, or shows it to, the next.
 */
function ownEntry(key: string): string | null {
  const owner = signedInOwner()
  return owner === '' ? null : `${owner}.${key}`
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
  const entry = ownEntry(key)
  if (entry === null) return null
  try {
    const kept = Taro.getStorageSync(storageKey(entry)) as Kept<T> | '' | undefined
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
 * Keeps `value` under `key` for the person signed in now; dropped when nobody is, or this page's person is no longer
 * the one signed in. The key is listed first, so nothing is kept that {@link clearAllKeptDrafts} would not find.
 * Throws when storage refuses (full): the caller keeps the text on screen only.
 */
export function writeKeptDraft<T>(key: string, value: T): void {
  const entry = ownEntry(key)
  if (entry === null) return
  const index = readIndex()
  if (!index.includes(entry)) Taro.setStorageSync(INDEX_KEY, [...index, entry])
  Taro.setStorageSync(storageKey(entry), { value, savedAt: Date.now() } satisfies Kept<T>)
}

/** Forgets what the form kept under `key`: after it was sent, or when the person loads the record afresh. */
export function clearKeptDraft(key: string): void {
  const entry = ownEntry(key)
  if (entry === null) return
  try {
    Taro.removeStorageSync(storageKey(entry))
    const index = readIndex()
    const rest = index.filter((k) => k !== entry)
    if (rest.length < index.length) Taro.setStorageSync(INDEX_KEY, rest)
  } catch {
    // Nothing kept, or storage refused: nothing to forget.
  }
}

/** Forgets the text kept by every form on this phone (services/offline-owner.ts: sign-out, another person). */
export function clearAllKeptDrafts(): void {
  try {
    for (const entry of readIndex()) Taro.removeStorageSync(storageKey(entry))
    Taro.removeStorageSync(INDEX_KEY)
  } catch {
    // Storage refused: nothing more can be done here.
  }
}

/** Whether two form values are the same text (plain data: compared as JSON). */
export function sameDraft(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
