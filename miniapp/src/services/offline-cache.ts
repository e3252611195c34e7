import Taro from '@tarojs/taro'

/**
 * What the phone keeps for reading without a network (docs/offline.md): the answers of a few GET paths, in Taro
 * storage (localStorage in H5, WeChat's storage in the mini-program), for the person signed in on this phone only.
 * `services/request.ts` writes every successful answer of these paths here and, when a request fails for want of a
 * network (or the server is down), answers from here instead, marked with the time it was saved.
 */

/** How many disclosures (with their version lists) are kept: the ones opened last. */
export const MAX_OFFLINE_DISCLOSURES = 30
/** How many other pages' answers (feeds of a village, one's own details and 与我相关) are kept. */
export const MAX_OFFLINE_PAGES = 10

type Kind = 'disclosure' | 'page'

interface Rule {
  pattern: RegExp
  kind: Kind
  /** Whether this answer may be kept (a draft, seen whole by the village's staff, never is). */
  keep?: (body: unknown) => boolean
}

// A draft or an item under review is the village staff's working copy, with every column whole: it stays on the
// server. Published, superseded, retracted and expired items are the public view.
const UNPUBLISHED = new Set(['draft', 'pending_review'])
function isPublicDisclosure(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('status' in body)) return false
  return typeof body.status === 'string' && !UNPUBLISHED.has(body.status)
}

const OBJECT_ID = '[0-9a-f]{24}'
const RULES: readonly Rule[] = [
  {
    pattern: new RegExp(`^/api/v1/disclosures/(${OBJECT_ID})$`),
    kind: 'disclosure',
    keep: isPublicDisclosure,
  },
  { pattern: new RegExp(`^/api/v1/disclosures/(${OBJECT_ID})/versions$`), kind: 'disclosure' },
  { pattern: /^\/api\/v1\/villages\/\d{12}\/feed(?:\?.*)?$/, kind: 'page' },
  { pattern: /^\/api\/v1\/me$/, kind: 'page' },
  { pattern: /^\/api\/v1\/me\/related$/, kind: 'page' },
]

const INDEX_KEY = 'cw.offline.index'
const ENTRY_PREFIX = 'cw.offline:'

interface Group {
  /** The disclosure id, or for other pages the path itself. */
  id: string
  kind: Kind
  /** Storage keys of this group's answers (a disclosure and its versions). */
  paths: string[]
}

interface Index {
  /** Whose answers these are: the user id of the signed-in person, '' when nobody is signed in. */
  owner: string
  /** Most recently used first. */
  groups: Group[]
}

/** One kept answer: the JSON body as the server sent it and when (epoch ms). */
export interface OfflineEntry {
  body: unknown
  savedAt: number
}

// undefined until the session tells whose phone this is (services/offline-owner.ts): nothing is kept before that.
let owner: string | undefined

function isIndex(value: unknown): value is Index {
  return (
    typeof value === 'object' &&
    value !== null &&
    'owner' in value &&
    typeof value.owner === 'string' &&
    'groups' in value &&
    Array.isArray(value.groups)
  )
}

function readIndex(): Index {
  try {
    const stored: unknown = Taro.getStorageSync(INDEX_KEY)
    if (isIndex(stored)) return stored
  } catch {
    // Unreadable storage counts as empty.
  }
  return { owner: owner ?? '', groups: [] }
}

function writeIndex(index: Index): void {
  try {
    Taro.setStorageSync(INDEX_KEY, index)
  } catch {
    // Storage unavailable: nothing is kept, the app works online as before.
  }
}

function removeEntry(path: string): void {
  try {
    Taro.removeStorageSync(ENTRY_PREFIX + path)
  } catch {
    // Already gone or storage unavailable.
  }
}

function ruleOf(path: string): { rule: Rule; groupId: string } | null {
  for (const rule of RULES) {
    const match = rule.pattern.exec(path)
    if (match) return { rule, groupId: rule.kind === 'disclosure' ? (match[1] ?? path) : path }
  }
  return null
}

/** Whether answers of this GET path (with its query) are kept for offline reading. */
export function isOfflineCacheable(path: string): boolean {
  return ruleOf(path) !== null
}

/** Forgets everything kept on this phone (sign-out, another person signing in). */
export function clearOfflineCache(): void {
  const index = readIndex()
  for (const group of index.groups) group.paths.forEach(removeEntry)
  writeIndex({ owner: owner ?? '', groups: [] })
}

/**
 * Says whose answers are kept from now on (user id, '' for nobody signed in). A different person than the one the
 * kept answers belong to, or signing out, empties the cache first: then the answer is true, and whatever else the
 * phone keeps for the person goes too (services/offline-owner.ts).
 */
export function setOfflineCacheOwner(next: string): boolean {
  const previous = owner
  owner = next
  const index = readIndex()
  const changed = index.owner !== next || (previous !== undefined && previous !== next)
  if (changed) clearOfflineCache()
  return changed
}

/** The owner answers are kept for right now; a request remembers it so an answer for someone else is not kept. */
export function offlineCacheOwner(): string | undefined {
  return owner
}

function evict(index: Index): void {
  const limits: Record<Kind, number> = { disclosure: MAX_OFFLINE_DISCLOSURES, page: MAX_OFFLINE_PAGES }
  const seen: Record<Kind, number> = { disclosure: 0, page: 0 }
  index.groups = index.groups.filter((group) => {
    seen[group.kind] += 1
    if (seen[group.kind] <= limits[group.kind]) return true
    group.paths.forEach(removeEntry)
    return false
  })
}

/** Drops one path's answer (the server said it is gone or no longer this person's to see). */
export function forgetOffline(path: string): void {
  const found = ruleOf(path)
  if (!found) return
  const index = readIndex()
  removeEntry(path)
  for (const group of index.groups) group.paths = group.paths.filter((p) => p !== path)
  index.groups = index.groups.filter((g) => g.paths.length > 0)
  writeIndex(index)
}

/**
 * Keeps a successful answer of a cacheable path for `requestOwner` (the owner when the request was sent): nothing is
 * kept if the person changed meanwhile, and an answer that may not be kept removes an older copy.
 */
export function saveOffline(path: string, body: unknown, requestOwner: string | undefined): void {
  const found = ruleOf(path)
  if (!found || owner === undefined || requestOwner !== owner) return
  if (found.rule.keep && !found.rule.keep(body)) {
    forgetOffline(path)
    return
  }
  const index = readIndex()
  if (index.owner !== owner) return
  const entry: OfflineEntry = { body, savedAt: Date.now() }
  try {
    Taro.setStorageSync(ENTRY_PREFIX + path, entry)
  } catch {
    // Storage full: make room by dropping the oldest disclosures, once; if it still fails, this one is not kept.
    index.groups.slice(Math.floor(index.groups.length / 2)).forEach((g) => g.paths.forEach(removeEntry))
    index.groups = index.groups.slice(0, Math.floor(index.groups.length / 2))
    try {
      Taro.setStorageSync(ENTRY_PREFIX + path, entry)
    } catch {
      writeIndex(index)
      return
    }
  }
  const existing = index.groups.find((g) => g.id === found.groupId)
  const group: Group = existing ?? { id: found.groupId, kind: found.rule.kind, paths: [] }
  if (!group.paths.includes(path)) group.paths.push(path)
  index.groups = [group, ...index.groups.filter((g) => g !== existing)]
  evict(index)
  writeIndex(index)
}

/** The kept answer of a path for the current owner, or null; reading it counts as a use. */
export function readOffline(path: string): OfflineEntry | null {
  const found = ruleOf(path)
  if (!found || owner === undefined) return null
  const index = readIndex()
  if (index.owner !== owner) return null
  const group = index.groups.find((g) => g.id === found.groupId && g.paths.includes(path))
  if (!group) return null
  let stored: unknown
  try {
    stored = Taro.getStorageSync(ENTRY_PREFIX + path)
  } catch {
    return null
  }
  if (typeof stored !== 'object' || stored === null || !('savedAt' in stored) || !('body' in stored))
    return null
  if (typeof stored.savedAt !== 'number') return null
  index.groups = [group, ...index.groups.filter((g) => g !== group)]
  writeIndex(index)
  return { body: stored.body, savedAt: stored.savedAt }
}

// Values a page got from the cache, with when they were saved; a WeakMap so pages keep their typed data as is.
const fromCache = new WeakMap<object, number>()

/**
 * Marks a value answered from the cache (and the objects and lists directly inside it, so `{ disclosures }` taken
 * apart by an API function stays marked).
 */
export function markFromCache(value: unknown, savedAt: number): void {
  if (typeof value !== 'object' || value === null) return
  fromCache.set(value, savedAt)
  for (const inner of Object.values(value)) {
    if (typeof inner === 'object' && inner !== null) fromCache.set(inner, savedAt)
  }
}

/** When a value shown by a page was saved, if it came from the offline cache rather than the server. */
export function offlineSavedAt(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null ? fromCache.get(value) : undefined
}
