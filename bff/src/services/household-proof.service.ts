/** The roster proof: the roster person a 户号 and a name are, and the households a user's memberships prove. */
import type { Types } from 'mongoose'
import type { RosterMatch } from '@cunwu/domain'
import { ErrorCode, groupsAgree, householdGroupOf, normalizeHouseholdNo } from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import { householdNames, rosterNameOf } from '../models/Household.model'
import type { Household } from '../models/Household.model'
import { membershipPersonKey } from '../models/Membership.model'
import type { Membership } from '../models/Membership.model'

export type { RosterMatch }

/** The person a membership or an invite names. */
type NamedPerson = Pick<Membership, 'villageCode' | 'householdNo' | 'name'>

type RosterHousehold = Pick<Household, 'householdNo' | 'headName' | 'memberNames'>

/**
 * The roster's households of a village for each typed 户号, in normalised form (`normalizeHouseholdNo`: `9`, `009`
 * and `００９` agree, docs/households.md "Normalisation") and of a 村民小组 that agrees with the one the typed 户号
 * names (`1组-001` and `第一组-001` find `一组-001`, not `二组-001`; `001` finds both), the one spelled exactly as
 * typed first; usually one each.
 * One read for the 户号 spelled as on the roster; only when some are not, one more for the village's 户号 (the
 * index holds them) and one for the households they normalise to.
 */
async function rosterHouseholdsOf(
  models: Models,
  villageCode: string,
  typed: readonly string[],
): Promise<Map<string, RosterHousehold[]>> {
  const projection = { householdNo: 1, headName: 1, memberNames: 1 }
  const wanted = [...new Set(typed)]
  const exact = await models.Household.find({ villageCode, householdNo: { $in: wanted } }, projection).lean()
  const found = new Map<string, RosterHousehold[]>(exact.map((h) => [h.householdNo, [h]]))
  const missing = wanted.filter((no) => !found.has(no))
  if (missing.length === 0) return found
  const keys = new Map(missing.map((no) => [no, normalizeHouseholdNo(no)]))
  const wantedKeys = new Set(keys.values())
  const numbers = (await models.Household.distinct('householdNo', { villageCode })) as string[]
  const spelled = numbers.filter((no) => wantedKeys.has(normalizeHouseholdNo(no)))
  const others =
    spelled.length === 0
      ? []
      : await models.Household.find({ villageCode, householdNo: { $in: spelled } }, projection).lean()
  for (const [no, key] of keys) {
    const group = householdGroupOf(no)
    found.set(
      no,
      others.filter(
        (h) =>
          normalizeHouseholdNo(h.householdNo) === key && groupsAgree(householdGroupOf(h.householdNo), group),
      ),
    )
  }
  return found
}

/** How a person compares with the roster, with the 户号 and name as the roster spells them where it names them. */
type RosterAnswer = { match: RosterMatch; householdNo: string; name: string }

/** A person to compare with the roster, and the membership being decided (which may hold them itself). */
type RosterQuestion = NamedPerson & { self?: Types.ObjectId }

/**
 * How people of one village (户号 and name) compare with its roster (docs/households.md), each with the 户号 as the
 * roster spells it (`householdNo`; the typed one when the roster has no such household) and, once the household
 * names them, their name as the roster spells it (`name`; the typed one otherwise): the 户号 must be on it in
 * normalised form and name them (the name compared normalised too, `rosterNameOf`), and no other account's active
 * membership may hold them already (`self`: the membership being decided, which may hold them itself). What a
 * membership or invite stores is the roster's spelling, so household rows, charges and consultation voter keys
 * match it as written. A list of applications
 * costs three reads at most, not three per application.
 */
export async function rosterPeopleOf(
  models: Models,
  villageCode: string,
  people: readonly RosterQuestion[],
): Promise<RosterAnswer[]> {
  if (people.length === 0) return []
  const households = await rosterHouseholdsOf(
    models,
    villageCode,
    people.map((p) => p.householdNo),
  )
  const named = people.map((p) => {
    const own = households.get(p.householdNo) ?? []
    const naming = own.filter((h) => householdNames(h, p.name))
    // Several groups' households of this serial name them and the typed 户号 gave no group: not known which.
    return {
      person: p,
      own,
      household: naming.length === 1 ? naming[0] : undefined,
      ambiguous: naming.length > 1,
    }
  })
  // The person as the roster spells their 户号 (with its group), as the membership will hold them.
  const keyOf = (n: (typeof named)[number]) =>
    n.household ? membershipPersonKey({ ...n.person, householdNo: n.household.householdNo }) : null
  const keys = named.map(keyOf).filter((k): k is string => k !== null)
  const holders =
    keys.length === 0
      ? []
      : await models.Membership.find(
          { personKey: { $in: [...new Set(keys)] } },
          { _id: 1, personKey: 1 },
        ).lean()
  return named.map((n) => {
    const { person, own, household } = n
    const typed = { householdNo: person.householdNo, name: person.name }
    if (own.length === 0) return { ...typed, match: 'unknown_household' as const }
    if (n.ambiguous) return { ...typed, match: 'group_needed' as const }
    if (!household)
      return { ...typed, match: 'name_not_in_household' as const, householdNo: own[0]!.householdNo }
    const key = keyOf(n)
    const held = holders.some((h) => h.personKey === key && !(person.self && h._id.equals(person.self)))
    return {
      match: held ? ('already_member' as const) : ('match' as const),
      householdNo: household.householdNo,
      name: rosterNameOf(household, person.name) ?? person.name,
    }
  })
}

/** `rosterPeopleOf` for one person. */
export async function rosterPersonOf(
  models: Models,
  person: NamedPerson,
  self?: Types.ObjectId,
): Promise<RosterAnswer> {
  const [answer] = await rosterPeopleOf(models, person.villageCode, [
    { ...person, ...(self ? { self } : {}) },
  ])
  return answer!
}

/** `rosterPersonOf`'s match alone. */
export async function rosterMatchOf(
  models: Models,
  person: NamedPerson,
  self?: Types.ObjectId,
): Promise<RosterMatch> {
  return (await rosterPersonOf(models, person, self)).match
}

/**
 * Refuses a person who may not become a member through this application or invite: only `match` passes. The
 * messages say what the secretary can do.
 */
export function requireRosterMatch(person: NamedPerson, match: RosterMatch): void {
  if (match === 'unknown_household')
    throw new AppError(422, ErrorCode.HouseholdNotOnRoster, `户号 ${person.householdNo} 不在本村户籍名册中`)
  if (match === 'name_not_in_household') {
    throw new AppError(
      422,
      ErrorCode.NameNotInHousehold,
      `户籍名册上户号 ${person.householdNo} 没有 ${person.name} 这个人，不能通过；请核对户号和姓名`,
    )
  }
  if (match === 'group_needed') {
    throw new AppError(
      422,
      ErrorCode.HouseholdGroupNeeded,
      `户籍名册上不止一个村民小组有户号 ${person.householdNo} 的 ${person.name}，请在户号前写上是哪个组，如 一组-${person.householdNo}`,
    )
  }
  if (match === 'already_member') throw personAlreadyMember(person)
}

export function personAlreadyMember(person: NamedPerson): AppError {
  return conflict(
    `${person.name}（户号 ${person.householdNo}）已经用另一个微信号加入了本村，不能再通过。如果是本人换了微信号，请先在“本村村民”里把旧的移出`,
    ErrorCode.PersonAlreadyMember,
  )
}

/**
 * The user's approved memberships that give their household (docs/households.md): each holds its roster person
 * (`personKey`, one account per person) and the roster still names that person in that household. Only these give
 * 与我相关 rows, charges to see and pay, and answers as that person; an approved membership that fails the check
 * (one approved before the check existed) keeps the villager role and nothing of the household.
 */
export async function householdMemberships(
  models: Models,
  userId: Types.ObjectId,
  villageCode?: string,
): Promise<Membership[]> {
  const list = await models.Membership.find({
    userId,
    status: 'approved',
    personKey: { $type: 'string' },
    ...(villageCode ? { villageCode } : {}),
  }).lean()
  if (list.length === 0) return []
  const households = await models.Household.find(
    { $or: list.map((m) => ({ villageCode: m.villageCode, householdNo: m.householdNo })) },
    { villageCode: 1, householdNo: 1, headName: 1, memberNames: 1 },
  ).lean()
  return list.filter((m) => provesHousehold(m, households))
}

/**
 * Whether an approved membership gives its household: it holds its roster person and the roster (`households`, of
 * its village at least) still names that person in that household. The one check of `householdMemberships`, also
 * used to find the members of given households (the notices of a household's changed rows).
 */
export function provesHousehold(
  m: Membership,
  households: readonly Pick<Household, 'villageCode' | 'householdNo' | 'headName' | 'memberNames'>[],
): boolean {
  return (
    m.personKey === membershipPersonKey(m) &&
    households.some(
      (h) => h.villageCode === m.villageCode && h.householdNo === m.householdNo && householdNames(h, m.name),
    )
  )
}
