import type {
  ConsultationAnswerVia,
  ConsultationQuestion,
  ConsultationResponse,
  ConsultationTallyDto,
  ConsultationUnit,
  ConsultationOnBehalf,
} from './schemas'

/**
 * Pure rules of consultations (docs/consultations.md): who may answer for whom, the one key each eligible person or
 * household answers under, whether an answer fits the questions, and the public tally.
 */

/** A person as the village roster names them. */
export interface RosterPerson {
  householdNo: string
  name: string
}

/** What a signed-in person may answer for. */
export interface Entitlement extends RosterPerson {
  /** `self`: their own answer; `household`: as its representative (户主); `proxy`: through proxy rights. */
  as: ConsultationAnswerVia
}

/**
 * The key an answer is stored under: one per person, or one per household. A person answering through a proxy and
 * the same person answering themselves share the key, so the later answer replaces the earlier one.
 */
export function voterKeyOf(unit: ConsultationUnit, who: RosterPerson): string {
  return unit === 'person' ? `person:${who.householdNo}:${who.name}` : `household:${who.householdNo}`
}

/**
 * What someone may answer for in a village.
 * - One per person: themselves (an approved member) and each person they hold proxy rights for.
 * - One per household: their household if they are its head on the roster (the household's representative), and
 *   each household whose head they hold proxy rights for.
 * Duplicates (proxy rights for oneself) collapse to one entry, the person's own taking precedence.
 */
export function entitlementsOf(
  unit: ConsultationUnit,
  facts: {
    member: RosterPerson | null
    proxies: { householdNo: string; forName: string }[]
    /** Head (户主) of each household concerned, from the roster. */
    headOf: (householdNo: string) => string | undefined
  },
): Entitlement[] {
  const out = new Map<string, Entitlement>()
  const add = (e: Entitlement) => {
    const key = voterKeyOf(unit, e)
    if (!out.has(key)) out.set(key, e)
  }
  const { member } = facts
  if (unit === 'person') {
    if (member) add({ ...member, as: 'self' })
    for (const p of facts.proxies) add({ householdNo: p.householdNo, name: p.forName, as: 'proxy' })
  } else {
    if (member && facts.headOf(member.householdNo) === member.name) add({ ...member, as: 'household' })
    for (const p of facts.proxies) {
      if (facts.headOf(p.householdNo) === p.forName)
        add({ householdNo: p.householdNo, name: p.forName, as: 'proxy' })
    }
  }
  return [...out.values()]
}

/** Why an answer may not be given: nothing to answer for, or not the person asked for. */
export type EntitlementRefusal = 'not_eligible' | 'no_proxy_rights'

/**
 * Whom this answer is for: the person named in `onBehalfOf` if the entitlements include them (or their household,
 * for a household consultation), else oneself (or one's own household).
 */
export function chooseEntitlement(
  unit: ConsultationUnit,
  entitlements: readonly Entitlement[],
  onBehalfOf: ConsultationOnBehalf | undefined,
): Entitlement | EntitlementRefusal {
  if (entitlements.length === 0) return 'not_eligible'
  if (!onBehalfOf) {
    const own = entitlements.find((e) => e.as !== 'proxy')
    return own ?? 'not_eligible'
  }
  const wanted = voterKeyOf(unit, onBehalfOf)
  const found = entitlements.find((e) => voterKeyOf(unit, e) === wanted)
  if (!found) return 'no_proxy_rights'
  // A household answer goes under the head's name whoever was named.
  return found
}

/**
 * Checks an answer against the questions: one response per question, option indexes that exist, one option for a
 * single choice, no repeated option. Returns field messages in Chinese, or null when it fits.
 */
export function checkResponses(
  questions: readonly ConsultationQuestion[],
  responses: readonly ConsultationResponse[],
): Record<string, string> | null {
  const errors: Record<string, string> = {}
  if (responses.length !== questions.length) {
    errors.responses = `请回答全部 ${questions.length} 个问题`
    return errors
  }
  questions.forEach((q, i) => {
    const r = responses[i]
    const field = `responses.${i}`
    if (!r) return
    if (q.kind === 'text') {
      if (!('text' in r)) errors[field] = '这一题请填写文字'
      return
    }
    if (!('options' in r)) {
      errors[field] = '这一题请选择'
      return
    }
    if (r.options.some((o) => o >= q.options.length)) errors[field] = '没有这个选项'
    else if (new Set(r.options).size !== r.options.length) errors[field] = '选项重复'
    else if (q.kind === 'single' && r.options.length !== 1) errors[field] = '这一题只能选一项'
  })
  return Object.keys(errors).length > 0 ? errors : null
}

/** A share in percent with one decimal; 0 when there is nothing to share. */
export function percentOf(count: number, total: number): number {
  if (total <= 0) return 0
  return Math.round((count / total) * 1000) / 10
}

/**
 * The public tally: per question how many answered and, for choice questions, each option's count and percent of
 * that question's answers. Built only from the responses (no names, keys or times go in), so nothing in it can
 * say who chose what.
 */
export function tallyResponses(
  questions: readonly ConsultationQuestion[],
  answers: readonly (readonly ConsultationResponse[])[],
  eligible: number,
): ConsultationTallyDto {
  return {
    eligible,
    answered: answers.length,
    participationPercent: percentOf(answers.length, eligible),
    questions: questions.map((q, i) => {
      const responses = answers.map((a) => a[i])
      if (q.kind === 'text') {
        const answered = responses.filter((r) => r && 'text' in r && r.text.length > 0).length
        return { text: q.text, kind: q.kind, answered, options: [] }
      }
      const counts = q.options.map(() => 0)
      let answered = 0
      for (const r of responses) {
        if (!r || !('options' in r)) continue
        answered += 1
        for (const o of new Set(r.options)) if (o < counts.length) counts[o] = (counts[o] ?? 0) + 1
      }
      return {
        text: q.text,
        kind: q.kind,
        answered,
        options: q.options.map((label, o) => ({
          label,
          count: counts[o] ?? 0,
          percent: percentOf(counts[o] ?? 0, answered),
        })),
      }
    }),
  }
}

/**
 * How many may take part: one per person counts the verified members and the people they hold proxy rights for
 * (each person once); one per household counts the households on the roster.
 */
export function eligibleCount(
  unit: ConsultationUnit,
  facts: { members: RosterPerson[]; proxied: RosterPerson[]; rosterHouseholds: string[] },
): number {
  if (unit === 'household') return new Set(facts.rosterHouseholds).size
  return new Set([...facts.members, ...facts.proxied].map((p) => voterKeyOf('person', p))).size
}
