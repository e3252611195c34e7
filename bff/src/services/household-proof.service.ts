/** The roster proof: the roster person a 户号 and a name are, and the households a user's memberships prove. */
import type { Types } from 'mongoose'
import type { RosterMatch } from '@cunwu/domain'
import { ErrorCode, normalizeHouseholdNo } from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import { householdNames } from '../models/Household.model'
import type { Household } from '../models/Household.model'
import { membershipPersonKey } from '../models/Membership.model'
import type { Membership } from '../models/Membership.model'

export type { RosterMatch }

/** The person a membership or an invite names. */
type NamedPerson = Pick<Membership, 'villageCode' | 'householdNo' | 'name'>

/**
 * The roster's households whose 户号 is the typed one in normalised form (`normalizeHouseholdNo`: `9`, `009` and
 * `００９` agree, docs/households.md "Normalisation"), the one spelled exactly as typed first. Usually one.
 */
async function rosterHouseholdsOf(
  models: Models,
  villageCode: string,
  householdNo: string,
): Promise<Pick<Household, 'householdNo' | 'headName' | 'memberNames'>[]> {
  const projection = { householdNo: 1, headName: 1, memberNames: 1 }
  const exact = await models.Household.findOne({ villageCode, householdNo }, projection).lean()
  if (exact) return [exact]
  const key = normalizeHouseholdNo(householdNo)
  const all = await models.Household.find({ villageCode }, projection).limit(5000).lean()
  return all.filter((h) => normalizeHouseholdNo(h.householdNo) === key)
}

/**
 * How a person (户号 and name) compares with the village roster (docs/households.md), and the 户号 as the roster
 * spells it (`householdNo`; the typed one when the roster has no such household): the 户号 must be on it in
 * normalised form and name them, and no other account's active membership may hold them already (`self`: the
 * membership being decided, which may hold them itself). What a membership or invite stores is the roster's
 * spelling, so household rows, charges and consultation voter keys match it as written.
 */
export async function rosterPersonOf(
  models: Models,
  person: NamedPerson,
  self?: Types.ObjectId,
): Promise<{ match: RosterMatch; householdNo: string }> {
  const households = await rosterHouseholdsOf(models, person.villageCode, person.householdNo)
  if (households.length === 0) return { match: 'unknown_household', householdNo: person.householdNo }
  const household = households.find((h) => householdNames(h, person.name))
  if (!household) return { match: 'name_not_in_household', householdNo: households[0]!.householdNo }
  const holder = await models.Membership.findOne(
    { personKey: membershipPersonKey(person), ...(self ? { _id: { $ne: self } } : {}) },
    { _id: 1 },
  ).lean()
  return { match: holder ? 'already_member' : 'match', householdNo: household.householdNo }
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
  return list.filter(
    (m) =>
      m.personKey === membershipPersonKey(m) &&
      households.some(
        (h) =>
          h.villageCode === m.villageCode && h.householdNo === m.householdNo && householdNames(h, m.name),
      ),
  )
}
