import type { Types } from 'mongoose'
import type { DisclosureCreateReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import type { AppError } from '../errors'
import { conflict, notFound } from '../errors'
import { claimBusy, heldClaim, releaseClaim, takeClaim } from '../lib/claims'
import type { Models } from '../models'
import type { Decision } from '../models/Decision.model'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { DECISION_RESOLUTION_ITEM, disclosureSeriesKey } from './disclosures.service'
import type { DisclosuresService } from './disclosures.service'

/** Catalog items of 两公开: the resolution, and the results of carrying it out (村务公开, 四议两公开). */
export const RESOLUTION_ITEM = DECISION_RESOLUTION_ITEM
export const RESULTS_ITEM = 'village-affairs.four-two.implementation'

/** Each decision's disclosures form their own series, so several resolutions may be published in one month. */
export function decisionSeriesOf(id: Types.ObjectId): string {
  return `decision:${id.toHexString()}`
}

/** What each of the 两公开 is drafted under, linked by and claimed with, and what its audit calls it. */
const STEPS = {
  resolution: {
    item: RESOLUTION_ITEM,
    link: 'resolutionDisclosureId',
    claim: 'resolutionClaim',
    action: 'decision.resolution_disclosed',
    busy: '决议公开正在由其他人提交，请稍候再看',
  },
  results: {
    item: RESULTS_ITEM,
    link: 'resultsDisclosureId',
    claim: 'resultsClaim',
    action: 'decision.results_disclosed',
    busy: '实施结果正在由其他人提交公开，请稍候再看',
  },
} as const

export type DecisionDisclosureStep = keyof typeof STEPS

/** The 409 of a 实施结果公开 already linked: once per decision (docs/decisions.md). */
export function resultsExist(): AppError {
  return conflict('该事项的实施结果已经公开过', ErrorCode.DisclosureExists)
}

/**
 * Drafts one of a decision's 两公开 under the decision's own series, sends it to review and links it, exactly once
 * however many secretaries press the step at once (docs/decisions.md): the step is claimed first (lib/claims.ts,
 * the consultation summary's rule), so one request writes and the others write nothing. They are told 409
 * `submission_in_progress` while it is being done; once it is linked, a 决议公开 is answered with the decision (the
 * step is repeatable, nothing is left to do) and a 实施结果公开 with 409 `disclosure_exists`.
 *
 * A draft an interrupted attempt left (found by its series) is finished rather than drafted again; a 实施结果公开
 * left so is first given this request's text, so its sender is answered with what they wrote. A failed attempt
 * gives the claim back and leaves the decision unlinked, for the next request to finish.
 */
export async function discloseOnce(
  deps: { models: Models; audit: AuditService; disclosures: DisclosuresService },
  args: {
    decision: Decision
    step: DecisionDisclosureStep
    period: string
    user: User
    actor: Actor
    content: () => { title: string; body: string; rows: DisclosureCreateReq['rows'] }
  },
): Promise<Decision> {
  const { decision: d, user, actor } = args
  const step = STEPS[args.step]
  const { Decision } = deps.models
  const token = await takeClaim(Decision, {
    id: d._id,
    field: step.claim,
    open: { [step.link]: null },
    by: user._id,
  })
  if (!token) return refused(deps.models, d, args.step)
  let linked: Decision | null
  let disclosure: Disclosure
  try {
    disclosure = await draftOnce(deps, d, args.step, args.period, user, actor, args.content())
    linked = await Decision.findOneAndUpdate(
      { _id: d._id, [step.link]: null, ...heldClaim(step.claim, token) },
      { $set: { [step.link]: disclosure._id, [step.claim]: null } },
      { returnDocument: 'after' },
    ).lean()
  } catch (err) {
    await releaseClaim(Decision, { id: d._id, field: step.claim, token })
    throw err
  }
  // Held past its lease and taken over by another request, which links the draft itself.
  if (!linked) return refused(deps.models, d, args.step)
  await deps.audit.record(actor, {
    action: step.action,
    targetType: 'decision',
    targetId: d._id.toHexString(),
    regionCode: d.villageCode,
    data: { disclosureId: disclosure._id.toHexString() },
  })
  return linked
}

/** The answer to a request that did not get the claim: the decision when its 决议公开 is done, else 409. */
async function refused(models: Models, d: Decision, kind: DecisionDisclosureStep): Promise<Decision> {
  const now = await models.Decision.findById(d._id).lean()
  if (!now) throw notFound('议事事项')
  if (now[STEPS[kind].link]) {
    if (kind === 'resolution') return now
    throw resultsExist()
  }
  throw claimBusy(STEPS[kind].busy)
}

/** The step's draft (created once, under the decision's own series), sent to review; written by the claim's holder. */
async function draftOnce(
  deps: { models: Models; disclosures: DisclosuresService },
  d: Decision,
  kind: DecisionDisclosureStep,
  period: string,
  user: User,
  actor: Actor,
  c: { title: string; body: string; rows: DisclosureCreateReq['rows'] },
): Promise<Disclosure> {
  const itemId = STEPS[kind].item
  const series = decisionSeriesOf(d._id)
  const existing = await deps.models.Disclosure.findOne({
    seriesKey: disclosureSeriesKey(d.villageCode, itemId, period, series),
  })
    .sort({ version: 1 })
    .lean()
  // A 决议公开 is the record and never edited (isDecisionResolution); a results draft left unsent takes this text.
  let draft: Disclosure | null = existing
  if (draft && kind === 'results' && draft.status === 'draft' && draft.body !== c.body)
    draft = await deps.disclosures.update(draft._id.toHexString(), { title: c.title, body: c.body }, actor)
  draft ??= await deps.disclosures.create(
    d.villageCode,
    { catalogItemId: itemId, period, title: c.title, body: c.body, rows: c.rows, interpretation: null },
    user,
    actor,
    { series },
  )
  if (draft.status !== 'draft') return draft
  return deps.disclosures.submit(draft._id.toHexString(), actor)
}
