/**
 * The start-up migrations of membership person keys (docs/households.md, "Joining"), run by `MembershipsService`
 * before the server listens; each is repeatable.
 */
import type { Models } from '../models'
import { membershipPersonKey } from '../models/Membership.model'
import { isDuplicateKey } from '../lib/db-writes'
import { rosterMatchOf } from './household-proof.service'

/**
 * Gives memberships from before person keys their key, once, at start-up: each approved membership the roster
 * proves holds its person, the earliest approved first; a later one naming the same person (a second account
 * claimed them) and one the roster does not prove keep the villager role and get none, so neither sees the
 * household's rows or charges nor shares a consultation voter key. Repeatable: only memberships without the field
 * are read. Returns how many were given a key.
 */
export async function migratePersonKeys(models: Models): Promise<number> {
  const { Membership } = models
  let given = 0
  const legacy = Membership.find({ status: 'approved', personKey: { $exists: false } })
    .sort({ decidedAt: 1, appliedAt: 1, _id: 1 })
    .lean()
    .cursor()
  for await (const m of legacy) {
    const proved = (await rosterMatchOf(models, m, m._id)) === 'match'
    try {
      const res = await Membership.updateOne(
        { _id: m._id, personKey: { $exists: false } },
        { $set: { personKey: proved ? membershipPersonKey(m) : null } },
      )
      if (proved) given += res.modifiedCount
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      await Membership.updateOne({ _id: m._id, personKey: { $exists: false } }, { $set: { personKey: null } })
    }
  }
  await Membership.updateMany({ personKey: { $exists: false } }, { $set: { personKey: null } })
  return given
}

/**
 * Rewrites, at start-up, person keys written before the 村民小组 was part of them (`membershipPersonKey`): a 户号
 * naming a group (一组-001) had the key of its serial alone, shared with 二组-001's person of the same name. Only
 * memberships whose 户号 is not plain digits are read (a plain 户号's key did not change). The new key names the
 * same person more narrowly, so two rewritten keys never meet; a key already taken by another membership (one
 * approved under the new key before this ran) stays with it, and this one holds no person. Repeatable.
 */
export async function rekeyPersonKeys(models: Models): Promise<number> {
  const { Membership } = models
  let rekeyed = 0
  const grouped = Membership.find(
    { personKey: { $type: 'string' }, householdNo: { $not: /^\d+$/ } },
    { villageCode: 1, householdNo: 1, name: 1, personKey: 1 },
  )
    .sort({ decidedAt: 1, _id: 1 })
    .lean()
    .cursor()
  for await (const m of grouped) {
    const personKey = membershipPersonKey(m)
    if (m.personKey === personKey) continue
    try {
      const res = await Membership.updateOne({ _id: m._id, personKey: m.personKey }, { $set: { personKey } })
      rekeyed += res.modifiedCount
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      await Membership.updateOne({ _id: m._id, personKey: m.personKey }, { $set: { personKey: null } })
    }
  }
  return rekeyed
}
