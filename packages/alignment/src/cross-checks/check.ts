import { chineseDate, periodLabel } from '@cunwu/domain'
import { fnv1a64 } from '../fingerprint'
import { fullIdNumber, normalizeDigits, normalizeHouseholdNo, normalizeName } from '../normalize'
import { formatDecimal, formatYuan, parseAmountFen, parseDecimal } from '../values'
import { itemName, renderFacts } from './explain'
import { EXCLUSIVE_PAIRS } from './rules'
import { type BindingStandard, decimalTimesFen, standardFor } from './standards'
import type {
  CrossCheckFacts,
  CrossCheckInput,
  CrossCheckList,
  CrossCheckMention,
  CrossCheckResult,
  PublishedStandard,
  RosterExit,
  CrossCheckRowRef,
} from './types'

/**
 * The cross-village checks over every village's full rows of a period: one pass over the rows builds typed keys
 * (normalised ID number, person, account), then each check is one pass over its map. Pure and deterministic: the
 * same input gives the same findings in the same order, so re-runs update findings instead of adding new ones.
 */

/** A row with its keys, built once. */
interface Entry {
  list: CrossCheckList
  index: number
  /** Full normalised ID number, or null. */
  id: string | null
  name: string
  householdNo: string
  /** ID when present, else name and 户号: who the row is about. */
  person: string
  /** Normalised bank/一卡通 account when it is whole (not masked), else null. */
  account: string | null
}

const ref = (e: Entry): CrossCheckRowRef => ({
  listId: e.list.listId,
  villageCode: e.list.villageCode,
  catalogItemId: e.list.catalogItemId,
  rowIndex: e.index,
})

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function entriesOf(list: CrossCheckList): Entry[] {
  const out: Entry[] = []
  for (let i = 0; i < list.rows.length; i += 1) {
    const row = list.rows[i]
    if (!row) continue
    const rawId = text(row.id_number)
    const id = rawId === '' ? null : fullIdNumber(rawId)
    const name = normalizeName(text(row.name))
    const householdNo = normalizeHouseholdNo(text(row.household_no))
    const rawAccount = text(row.bank_account)
    let account: string | null = rawAccount === '' ? null : normalizeDigits(rawAccount, 'bank_account')
    // Masked or too short to be an account: cannot tell two accounts apart.
    if (account !== null && (account.length < 8 || account.includes('*'))) account = null
    out.push({ list, index: i, id, name, householdNo, person: id ?? `${name}|${householdNo}`, account })
  }
  return out
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const at = map.get(key)
  if (at) at.push(value)
  else map.set(key, [value])
}

/**
 * Groups of two or more values with the same key. Most keys are unique, so the first value of a key is kept alone
 * and an array is made only on the second: one map entry per value, no array per value.
 */
function duplicates<V>(
  values: Iterable<V>,
  keyOf: (v: V) => string | null,
  first: Map<string, V> = new Map<string, V>(),
): V[][] {
  const groups = new Map<string, V[]>()
  for (const v of values) {
    const key = keyOf(v)
    if (key === null) continue
    const seen = first.get(key)
    if (seen === undefined) {
      first.set(key, v)
      continue
    }
    const group = groups.get(key)
    if (group) group.push(v)
    else groups.set(key, [seen, v])
  }
  return [...groups.values()]
}

/** Entries bucketed by a few distinct values (item and period): the inner keys stay short and flat. */
function bucket(entries: readonly Entry[], keyOf: (e: Entry) => string | null): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>()
  for (const e of entries) {
    const key = keyOf(e)
    if (key !== null) push(out, key, e)
  }
  return out
}

/** Subject of a finding: a hash, so no ID or account number is stored in finding keys. */
const hashed = (prefix: string, key: string): string => `${prefix}:${fnv1a64(key)}`

const tail = (value: string, n = 4): string => value.slice(-n)
const uniq = (values: readonly string[]): string[] => [...new Set(values)].sort()
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const byVillage = (a: Entry, b: Entry): number => cmp(a.list.villageCode, b.list.villageCode)

/** Runs the five checks; findings sorted by kind, item and subject. */
export function runCrossChecks(input: CrossCheckInput): CrossCheckResult[] {
  const village = (code: string): string => input.villageNames?.get(code) ?? code
  // The name as normalised (no spaces, no （户主）), as the checks compare it.
  const displayName = (e: Entry): string => e.name || '（未填姓名）'
  const mention = (e: Entry): CrossCheckMention => ({
    villageCode: e.list.villageCode,
    name: displayName(e),
    catalogItemId: e.list.catalogItemId,
  })
  const everyone = (): boolean => true
  const explained = (facts: CrossCheckFacts) => ({
    explanation: renderFacts(facts, everyone, village),
    facts,
  })
  const entries: Entry[] = []
  const results: CrossCheckResult[] = []
  const inVillage = (group: readonly Entry[]): void => {
    const first = group[0]
    if (!first) return
    const { list } = first
    const names = uniq(group.map(displayName))
    const differ = names.length > 1 ? `（姓名不一致：${names.join('、')}）` : ''
    results.push({
      kind: 'duplicate_in_village',
      catalogItemId: list.catalogItemId,
      period: list.period,
      subject: hashed('person', `${list.villageCode}|${first.person}`),
      villageCodes: [list.villageCode],
      rows: group.map(ref),
      explanation: `${village(list.villageCode)}${periodLabel(list.period)}的${itemName(list.catalogItemId)}上，${displayName(first)}列了${group.length}次（第${group.map((e) => e.index + 1).join('、')}行）${differ}。`,
      facts: null,
    })
  }
  for (const list of input.lists) {
    const listEntries = entriesOf(list)
    // Rows without an ID: the same name and 户号 twice on one list. Rows with one are grouped by ID below.
    for (const group of duplicates(listEntries, (e) => (e.id !== null || e.name === '' ? null : e.person)))
      inVillage(group)
    for (const e of listEntries) entries.push(e)
  }

  // The same ID on lists of the same item and period: twice on one list, or in two or more villages.
  const byItemPeriod = bucket(entries, (e) => (e.id ? `${e.list.catalogItemId}\u0000${e.list.period}` : null))
  const idIndex = new Map<string, Map<string, Entry>>()
  for (const [key, sameItem] of byItemPeriod) {
    const first = new Map<string, Entry>()
    idIndex.set(key, first)
    for (const group of duplicates(sameItem, (e) => e.id, first)) {
      const head = group[0]
      if (!head?.id) continue
      for (const onList of bucket(group, (e) => e.list.listId).values())
        if (onList.length > 1) inVillage(onList)
      const villages = uniq(group.map((e) => e.list.villageCode))
      if (villages.length < 2) continue
      results.push({
        kind: 'duplicate_person',
        catalogItemId: head.list.catalogItemId,
        period: head.list.period,
        subject: hashed('id', head.id),
        villageCodes: villages,
        rows: group.map(ref),
        ...explained({
          kind: 'same_id',
          tail: tail(head.id),
          period: head.list.period,
          items: [head.list.catalogItemId],
          mentions: [...group].sort(byVillage).map(mention),
        }),
      })
    }
  }

  // Lists that exclude each other (低保 and 特困供养) naming one ID in the same period.
  for (const pair of EXCLUSIVE_PAIRS) {
    const skipped = (e: Entry): boolean =>
      pair.skip !== undefined &&
      pair.skip.values.includes(text(e.list.rows[e.index]?.[pair.skip.column]).trim())
    for (const [key, bs] of byItemPeriod) {
      if (!key.startsWith(`${pair.b}\u0000`)) continue
      const period = key.slice(pair.b.length + 1)
      const onA = idIndex.get(`${pair.a}\u0000${period}`)
      if (!onA) continue
      const matches = new Map<string, Entry[]>()
      for (const e of bs) if (e.id && onA.has(e.id) && !skipped(e)) push(matches, e.id, e)
      const aRows = byItemPeriod.get(`${pair.a}\u0000${period}`) ?? []
      for (const [id, bRows] of matches) {
        const onAList = aRows.filter((e) => e.id === id)
        const first = onAList[0]
        if (!first) continue
        const both = [...onAList, ...bRows]
        results.push({
          kind: 'duplicate_person',
          catalogItemId: `${pair.a}+${pair.b}`,
          period,
          subject: hashed('id', id),
          villageCodes: uniq(both.map((e) => e.list.villageCode)),
          rows: both.map(ref),
          ...explained({
            kind: 'same_id',
            tail: tail(id),
            period,
            items: [pair.a, pair.b],
            mentions: both.map(mention),
          }),
        })
      }
    }
  }

  results.push(...aboveStandard(entries, input.standards ?? [], village, displayName))
  results.push(...listedAfterExit(entries, input.exits ?? [], village, displayName))
  results.push(...sharedAccounts(entries, (facts) => explained(facts), mention))

  return results.sort(
    (a, b) => cmp(a.kind, b.kind) || cmp(a.catalogItemId, b.catalogItemId) || cmp(a.subject, b.subject),
  )
}

function aboveStandard(
  entries: readonly Entry[],
  standards: readonly PublishedStandard[],
  village: (code: string) => string,
  displayName: (e: Entry) => string,
): CrossCheckResult[] {
  const out: CrossCheckResult[] = []
  // One binding standard per list (its village, item and period).
  const limits = new Map<string, BindingStandard | null>()
  for (const e of entries) {
    const { list } = e
    let limit = limits.get(list.listId)
    if (limit === undefined) {
      limit = standardFor(standards, list.villageCode, list.catalogItemId, list.period)
      limits.set(list.listId, limit)
    }
    if (!limit) continue
    const row = list.rows[e.index]
    const amount = parseAmountFen(row?.[limit.rule.amountColumn])
    if (!amount.ok) continue
    const { rule, fen } = limit
    let explanation: string | null = null
    if (rule.kind === 'per_person') {
      const size = parseDecimal(row?.[rule.sizeColumn], '人', true)
      if (!size.ok || size.value.units <= 0) continue
      const max = decimalTimesFen(size.value, fen)
      if (amount.value > max) {
        const n = formatDecimal(size.value)
        explanation = `${village(list.villageCode)}${displayName(e)}户${n}人，${periodLabel(list.period)}保障金额${formatYuan(amount.value)}元，超过${rule.figure}${formatYuan(fen)}元×${n}人=${formatYuan(max)}元。`
      }
    } else {
      const area = parseDecimal(row?.[rule.areaColumn], '亩')
      if (!area.ok) continue
      const expected = decimalTimesFen(area.value, fen)
      if (Math.abs(amount.value - expected) > rule.toleranceFen) {
        explanation = `${village(list.villageCode)}${displayName(e)}户补贴面积${formatDecimal(area.value)}亩，按${rule.figure}${formatYuan(fen)}元/亩应为${formatYuan(expected)}元，名单上是${formatYuan(amount.value)}元。`
      }
    }
    if (explanation === null) continue
    out.push({
      kind: 'above_standard',
      catalogItemId: list.catalogItemId,
      period: list.period,
      subject: hashed('row', `${list.villageCode}|${e.person}`),
      villageCodes: [list.villageCode],
      rows: [ref(e)],
      explanation,
      facts: null,
    })
  }
  return out
}

const EXIT_WORDS = { died: '去世', moved_out: '户口迁出' } as const

/** First day (YYYY-MM-DD) of a period key (2026-07, 2026-Q3, 2026-H2, 2026), or null for anything else. */
export function periodStart(period: string): string | null {
  const m = /^(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?$/.exec(period)
  if (!m) return null
  const month = m[2]
    ? Number(m[2])
    : m[3]
      ? (Number(m[3]) - 1) * 3 + 1
      : m[4]
        ? (Number(m[4]) - 1) * 6 + 1
        : 1
  return `${m[1] ?? ''}-${String(month).padStart(2, '0')}-01`
}

function listedAfterExit(
  entries: readonly Entry[],
  exits: readonly RosterExit[],
  village: (code: string) => string,
  displayName: (e: Entry) => string,
): CrossCheckResult[] {
  if (exits.length === 0) return []
  const byVillageName = new Map<string, RosterExit[]>()
  for (const x of exits) push(byVillageName, `${x.villageCode}\u0000${normalizeName(x.name)}`, x)
  const out: CrossCheckResult[] = []
  for (const e of entries) {
    if (e.name === '') continue
    const candidates = byVillageName.get(`${e.list.villageCode}\u0000${e.name}`)
    if (!candidates) continue
    const start = periodStart(e.list.period)
    if (start === null) continue
    // The same 户号 when the row has one; a period that starts after the exit date.
    const exit = candidates.find(
      (x) =>
        (e.householdNo === '' || normalizeHouseholdNo(x.householdNo) === e.householdNo) && x.endedOn < start,
    )
    if (!exit) continue
    out.push({
      kind: 'listed_after_exit',
      catalogItemId: e.list.catalogItemId,
      period: e.list.period,
      subject: hashed('person', `${e.list.villageCode}|${e.person}`),
      villageCodes: [e.list.villageCode],
      rows: [ref(e)],
      facts: null,
      explanation: `${village(e.list.villageCode)}${displayName(e)}已于${chineseDate(exit.endedOn)}${EXIT_WORDS[exit.reason]}，仍列在${periodLabel(e.list.period)}的${itemName(e.list.catalogItemId)}上。`,
    })
  }
  return out
}

type Explained = (facts: CrossCheckFacts) => Pick<CrossCheckResult, 'explanation' | 'facts'>

function sharedAccounts(
  entries: readonly Entry[],
  explained: Explained,
  mention: (e: Entry) => CrossCheckMention,
): CrossCheckResult[] {
  const out: CrossCheckResult[] = []
  const byPeriod = bucket(entries, (e) => (e.account === null ? null : e.list.period))
  for (const samePeriod of byPeriod.values()) {
    for (const group of duplicates(samePeriod, (e) => e.account)) {
      out.push(...sharedAccount(group, group[0]?.account ?? '', explained, mention))
    }
  }
  return out
}

function sharedAccount(
  group: readonly Entry[],
  account: string,
  explained: Explained,
  mention: (e: Entry) => CrossCheckMention,
): CrossCheckResult[] {
  // A household is its village and 户号 (or the person when the row has no 户号); one person is one holder.
  const holders = new Map<string, Entry>()
  for (const e of group) {
    const holder = e.id ?? (e.householdNo ? `${e.list.villageCode}|${e.householdNo}` : e.person)
    if (!holders.has(holder)) holders.set(holder, e)
  }
  const households = new Map<string, string>()
  for (const e of group)
    households.set(e.householdNo ? `${e.list.villageCode}|${e.householdNo}` : e.person, e.list.villageCode)
  const ids = new Set(group.map((e) => e.id))
  const first = group[0]
  if (!first || households.size < 2 || (ids.size === 1 && !ids.has(null))) return []
  return [
    {
      kind: 'shared_account',
      catalogItemId: '*',
      period: first.list.period,
      subject: hashed('account', account),
      villageCodes: uniq(group.map((e) => e.list.villageCode)),
      rows: group.map(ref),
      ...explained({
        kind: 'shared_account',
        tail: tail(account),
        period: first.list.period,
        households: [...households.values()],
        mentions: [...holders.values()].map(mention),
      }),
    },
  ]
}
