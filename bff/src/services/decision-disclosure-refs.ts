import type { Types } from 'mongoose'
import type { Models } from '../models'
import type { DecisionDisclosureRef } from '../models/decision-views'

/** Statuses under which a version is, or was until its posting window ended, there for the public to read. */
const PUBLIC = new Set(['published', 'expired'])

/** Whether a linked disclosure is public now (its series' newest public version, see decisionDisclosureRefs). */
export function isPublicRef(ref: DecisionDisclosureRef | null | undefined): boolean {
  return ref !== null && ref !== undefined && PUBLIC.has(ref.status)
}

/**
 * The disclosures linked to decisions (决议公开, 实施结果公开), each as its series stands now, keyed by the linked id:
 * the newest public version when there is one (a corrected 决议公开 is the one to read, and the first version then
 * reads 已更新), else the newest version (in review, returned, retracted). Two reads for any number of links.
 */
export async function decisionDisclosureRefs(
  models: Pick<Models, 'Disclosure'>,
  ids: readonly (Types.ObjectId | null)[],
): Promise<Map<string, DecisionDisclosureRef>> {
  const wanted = ids.filter((x): x is Types.ObjectId => x !== null)
  if (wanted.length === 0) return new Map()
  const linked = await models.Disclosure.find({ _id: { $in: wanted } }, { seriesKey: 1 }).lean()
  const versions = await models.Disclosure.find(
    { seriesKey: { $in: [...new Set(linked.map((l) => l.seriesKey))] } },
    { seriesKey: 1, status: 1, title: 1, version: 1 },
  )
    .sort({ version: -1 })
    .lean()
  const current = new Map<string, (typeof versions)[number]>()
  for (const v of versions) {
    const best = current.get(v.seriesKey)
    if (!best || (!PUBLIC.has(best.status) && PUBLIC.has(v.status))) current.set(v.seriesKey, v)
  }
  const refs = new Map<string, DecisionDisclosureRef>()
  for (const l of linked) {
    const v = current.get(l.seriesKey)
    if (v) refs.set(l._id.toHexString(), { id: v._id.toHexString(), status: v.status, title: v.title })
  }
  return refs
}
