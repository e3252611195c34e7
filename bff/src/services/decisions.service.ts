import { Types } from 'mongoose'
import type {
  DecisionCreateReq,
  DecisionListQuery,
  DecisionResultsReq,
  DecisionStepRecordReq,
  PageDto,
} from '@cunwu/domain'
import {
  DECISION_DISCLOSURE_TITLE_PREFIXES,
  DECISION_STEP_LABELS,
  DISCLOSURE_TITLE_MAX,
  ErrorCode,
  assessStep,
  consultationInformsMeeting,
  countProblemOf,
  decisionStatusOf,
  levelOfCode,
  meetingOf,
  nextStepOf,
  pageOf,
  shanghaiDateOf,
} from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Decision, DecisionStep } from '../models/Decision.model'
import type { DecisionDisclosureRef, DecisionView } from '../models/decision-views'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import { decisionDisclosureRefs, isPublicRef } from './decision-disclosure-refs'
import { discloseOnce, resultsExist } from './decision-disclosures'
import type { DisclosuresService } from './disclosures.service'
import type { LedgerService } from './ledger.service'
import { insertOpenDecision } from './decision-limit'
import { deliberationRow, refuseMinorDetailsInDecision, resolutionText, resultsText } from './decision-texts'

export { RESOLUTION_ITEM, RESULTS_ITEM, decisionSeriesOf } from './decision-disclosures'

/** Why a decision cannot carry money yet, or ever: a failed or inquorate one has ended (docs/decisions.md). */
const NOT_PASSED: Record<Exclude<Decision['status'], 'passed'>, string> = {
  deliberating: '所选议事事项尚未经村民会议或村民代表会议表决通过',
  failed: '所选议事事项表决没有通过，不能作为依据；如需再议，请新建议事事项',
  no_quorum: '所选议事事项因到会人数不足没有通过，不能作为依据；如需再议，请新建议事事项',
}

/**
 * The decision money may rest on: of this village and passed (404 when unknown, 422 otherwise). The one check
 * charges, ledger entries and results disclosures share.
 */
export async function loadPassedDecision(models: Models, villageCode: string, id: string): Promise<Decision> {
  const d = Types.ObjectId.isValid(id) ? await models.Decision.findById(id).lean() : null
  // Another village's decision answers as an unknown one: naming its id must not confirm it exists (docs/api.md).
  if (!d || d.villageCode !== villageCode) throw notFound('议事事项')
  if (d.status !== 'passed') throw new AppError(422, ErrorCode.DecisionNotPassed, NOT_PASSED[d.status])
  return d
}

/**
 * 四议两公开 (docs/decisions.md): the secretary opens a matter and records its four deliberation steps in order; a
 * step that lacks its quorum or whose motion fails closes the decision. A passed resolution is drafted as a
 * disclosure and sent to the township's review (决议公开); the results follow later (实施结果公开) with the money
 * raised and spent on the decision, read from the ledger.
 */
export class DecisionsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      disclosures: DisclosuresService
      ledger: LedgerService
      clock: ClockService
    },
  ) {}

  /** The decision, or 404. */
  async load(id: string): Promise<Decision> {
    const d = Types.ObjectId.isValid(id) ? await this.deps.models.Decision.findById(id).lean() : null
    if (!d) throw notFound('议事事项')
    return d
  }

  /** The village a decision belongs to (for authorization), or undefined. */
  async regionOf(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    return (await this.deps.models.Decision.findById(id, { villageCode: 1 }).lean())?.villageCode
  }

  /** Opens a matter in a village. */
  async create(villageCode: string, req: DecisionCreateReq, user: User, actor: Actor): Promise<Decision> {
    const { Region } = this.deps.models
    if (levelOfCode(villageCode) !== 'village' || !(await Region.exists({ _id: villageCode })))
      throw notFound('村（社区）')
    refuseMinorDetailsInDecision(
      [
        [req.title, '事项名称'],
        [req.description, '事项说明'],
      ],
      this.deps.clock.now(),
    )
    const doc = await insertOpenDecision(this.deps.models, villageCode, req, user._id)
    await this.deps.audit.record(actor, {
      action: 'decision.create',
      targetType: 'decision',
      targetId: doc.id,
      regionCode: villageCode,
      data: { title: req.title, kind: req.kind },
    })
    return doc.toObject()
  }

  /** One page of a village's decisions, newest first, optionally of one status. */
  async list(
    villageCode: string,
    query: DecisionListQuery,
  ): Promise<{ decisions: DecisionView[]; page: PageDto }> {
    const filter = query.status ? { villageCode, status: query.status } : { villageCode }
    const [list, total] = await Promise.all([
      this.deps.models.Decision.find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(query.offset)
        .limit(query.limit)
        .lean(),
      this.deps.models.Decision.countDocuments(filter),
    ])
    const refs = await decisionDisclosureRefs(
      this.deps.models,
      list.flatMap((d) => [d.resolutionDisclosureId, d.resultsDisclosureId]),
    )
    return {
      decisions: list.map((decision) => this.viewOf(decision, refs, null)),
      page: pageOf(query.offset, query.limit, total),
    }
  }

  /** One decision with its disclosures and the money moved on its authority. */
  async detail(id: string): Promise<DecisionView> {
    const decision = await this.load(id)
    const refs = await decisionDisclosureRefs(this.deps.models, [
      decision.resolutionDisclosureId,
      decision.resultsDisclosureId,
    ])
    const [totals, charges] = await Promise.all([
      this.deps.ledger.totalsForDecision(decision.villageCode, decision._id),
      this.deps.models.Charge.find({ decisionId: decision._id }, { title: 1 }).sort({ createdAt: 1 }).lean(),
    ])
    return this.viewOf(decision, refs, {
      ...totals,
      charges: charges.map((c) => ({ id: c._id.toHexString(), title: c.title })),
    })
  }

  /**
   * Records the next step. Impossible counts are refused (422); a step other than the next one is 409
   * `decision_step_out_of_order`, and any step after the deliberation ended 409 `decision_closed`. A step whose
   * meeting lacked its quorum or whose motion failed is recorded as such and ends the decision.
   */
  async recordStep(id: string, req: DecisionStepRecordReq, user: User, actor: Actor): Promise<Decision> {
    const current = await this.load(id)
    const problem = countProblemOf(req)
    if (problem === 'attendance_exceeds_body')
      throw new AppError(422, ErrorCode.AttendanceExceedsBody, '实到人数不能多于应到人数')
    if (problem === 'votes_exceed_attendance')
      throw new AppError(422, ErrorCode.VotesExceedAttendance, '同意、反对、弃权票数相加不能多于实到人数')
    this.checkOrder(current, req.step)
    const previous = current.steps.at(-1)
    if (previous && req.heldOn < previous.heldOn)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '会议日期不能早于上一个议事环节')
    if (req.heldOn > shanghaiDateOf(this.deps.clock.now()))
      throw new AppError(422, ErrorCode.UnprocessableEntity, '会议日期不能晚于今天')
    refuseMinorDetailsInDecision(
      [
        [req.motion, '议题'],
        [req.note, '备注'],
      ],
      this.deps.clock.now(),
    )
    const consultationId = req.consultationId
      ? await this.checkConsultation(current, req.consultationId, req.heldOn)
      : null
    const meeting = meetingOf(req.step, req.meeting)
    const { outcome } = assessStep({ ...req, meeting })
    const step: DecisionStep = {
      step: req.step,
      heldOn: req.heldOn,
      meeting,
      bodySize: req.bodySize,
      present: req.present,
      votes: req.votes,
      motion: req.motion,
      note: req.note,
      consultationId,
      outcome,
      recordedBy: user._id,
      recordedAt: this.deps.clock.now(),
    }
    const outcomes = [...current.steps.map((s) => s.outcome), outcome]
    const status = decisionStatusOf(outcomes)
    // Filtering on nextStep makes the check and the append one write: a parallel record of the same step loses.
    // A matter that leaves deliberation gives its place under MAX_OPEN_DECISIONS back in the same write.
    const updated = await this.deps.models.Decision.findOneAndUpdate(
      { _id: current._id, nextStep: req.step },
      {
        $push: { steps: step },
        $set: {
          nextStep: nextStepOf(outcomes),
          status,
          ...(status === 'deliberating' ? {} : { limitSlot: null }),
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) {
      this.checkOrder(await this.load(id), req.step)
      throw conflict('该环节刚刚已被记录', ErrorCode.DecisionStepOutOfOrder)
    }
    await this.deps.audit.record(actor, {
      action: 'decision.step',
      targetType: 'decision',
      targetId: id,
      regionCode: updated.villageCode,
      data: { step: req.step, outcome, present: req.present, votes: req.votes },
    })
    if (updated.status !== 'passed') return updated
    try {
      return await this.publishResolution(id, user, actor)
    } catch (err) {
      // The step is recorded; another secretary's 决议公开 request got there first and is drafting it.
      if (err instanceof AppError && err.code === ErrorCode.SubmissionInProgress) return updated
      throw err
    }
  }

  /**
   * 决议公开: drafts the passed resolution as a disclosure of its own series and sends it to the township's review,
   * once however many secretaries press it at once (`discloseOnce`). Repeatable: a draft left by an interrupted
   * attempt is found by its series and submitted; a linked one is kept.
   */
  async publishResolution(id: string, user: User, actor: Actor): Promise<Decision> {
    const d = await loadPassedDecision(this.deps.models, (await this.load(id)).villageCode, id)
    if (d.resolutionDisclosureId) return d
    return discloseOnce(this.deps, {
      decision: d,
      step: 'resolution',
      period: this.periodOf(d),
      user,
      actor,
      content: () => ({
        title: `${DECISION_DISCLOSURE_TITLE_PREFIXES.resolution}${d.title}`.slice(0, DISCLOSURE_TITLE_MAX),
        body: resolutionText(d),
        rows: d.steps.map(deliberationRow),
      }),
    })
  }

  /** 实施结果公开: what was done, with the money raised and spent from the ledger, sent to review; once per decision. */
  async publishResults(id: string, req: DecisionResultsReq, user: User, actor: Actor): Promise<Decision> {
    const d = await loadPassedDecision(this.deps.models, (await this.load(id)).villageCode, id)
    if (d.resultsDisclosureId) throw resultsExist()
    refuseMinorDetailsInDecision([[req.text, '实施情况']], this.deps.clock.now())
    // 两公开 in order: the results of carrying out a resolution follow its publication (docs/decisions.md).
    const resolution = (await decisionDisclosureRefs(this.deps.models, [d.resolutionDisclosureId])).get(
      String(d.resolutionDisclosureId),
    )
    if (!isPublicRef(resolution))
      throw conflict('决议公开经乡镇审核发布后，才能公开实施结果', ErrorCode.ResolutionNotPublished)
    const totals = await this.deps.ledger.totalsForDecision(d.villageCode, d._id)
    return discloseOnce(this.deps, {
      decision: d,
      step: 'results',
      period: this.periodOf(d),
      user,
      actor,
      content: () => ({
        title: `${DECISION_DISCLOSURE_TITLE_PREFIXES.results}${d.title}`.slice(0, DISCLOSURE_TITLE_MAX),
        body: resultsText(d, req.text, totals),
        rows: null,
      }),
    })
  }

  /**
   * The consultation (征求意见) a step rests on: of the decision's village, past its deadline so its tally is public,
   * and closed by the day the meeting was held, so its result could inform it (docs/decisions.md); 404 when unknown
   * or another village's (an id outside the village is not confirmed to exist, docs/api.md), 422 otherwise.
   */
  private async checkConsultation(d: Decision, id: string, heldOn: string): Promise<Types.ObjectId> {
    const c = await this.deps.models.Consultation.findById(id, { villageCode: 1, deadline: 1 }).lean()
    if (!c || c.villageCode !== d.villageCode) throw notFound('征求意见')
    if (c.deadline > this.deps.clock.now())
      throw new AppError(422, ErrorCode.UnprocessableEntity, '征求意见还没有截止，结果还不能作为议事依据')
    if (!consultationInformsMeeting(c.deadline, heldOn))
      throw new AppError(
        422,
        ErrorCode.UnprocessableEntity,
        `这次征求意见${shanghaiDateOf(c.deadline)}才截止，晚于会议日期，不能作为这次会议的依据`,
      )
    return c._id
  }

  /** The period both disclosures of a decision are filed under: the month of the resolution (stable on retries). */
  private periodOf(d: Decision): string {
    return (d.steps.at(-1)?.heldOn ?? shanghaiDateOf(d.createdAt)).slice(0, 7)
  }

  private checkOrder(d: Decision, step: DecisionStepRecordReq['step']): void {
    if (d.nextStep === null)
      throw conflict(
        `该事项已${d.status === 'passed' ? '表决通过' : '终止'}，不能再记录议事环节`,
        ErrorCode.DecisionClosed,
      )
    if (d.nextStep !== step)
      throw conflict(
        `请按顺序记录，下一个环节是“${DECISION_STEP_LABELS[d.nextStep]}”`,
        ErrorCode.DecisionStepOutOfOrder,
      )
  }

  private viewOf(
    decision: Decision,
    refs: Map<string, DecisionDisclosureRef>,
    money: DecisionView['money'],
  ): DecisionView {
    const ref = (x: Types.ObjectId | null) => (x ? (refs.get(x.toHexString()) ?? null) : null)
    return {
      decision,
      resolutionDisclosure: ref(decision.resolutionDisclosureId),
      resultsDisclosure: ref(decision.resultsDisclosureId),
      money,
    }
  }
}
