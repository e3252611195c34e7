import { Types } from 'mongoose'
import {
  consultationDeadlineText,
  consultationSummaryText,
  consultationSummaryTitle,
  ErrorCode,
  findMinorDetails,
  minorDetailsMessage,
  periodKeyFor,
  shanghaiDateOf,
  type ConsultationSummaryReq,
} from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import { claimBusy, heldClaim, releaseClaim, takeClaim } from '../lib/claims'
import type { Models } from '../models'
import type { Consultation } from '../models/Consultation.model'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import { mayActIn, refusalFor } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import { tallyNotReadyMessage } from './consultation-answer-write'
import type { ConsultationTalliesService } from './consultation-tallies.service'
import type { ConsultationsService } from './consultations.service'
import { disclosureSeriesKey } from './disclosures.service'
import type { DisclosuresService } from './disclosures.service'

/** The catalog item a summary is disclosed under: 民主决策 of 村务公开 (quarterly), in a series of its own. */
export const CONSULTATION_SUMMARY_ITEM = 'village-affairs.meeting-decisions'

/** The series of a consultation's summary within the item and quarter (several consultations may end in one). */
export function consultationSeriesOf(id: Types.ObjectId): string {
  return `consultation:${id.toHexString()}`
}

/**
 * Publishes a closed consultation's summary (counts, percentages, chosen comments, what was decided) as a village
 * disclosure through the normal review: drafted once under the consultation's own series and submitted to the
 * township. A decision step may then refer to the consultation (docs/consultations.md).
 */
export class ConsultationSummaryService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      /** Today's year, for the ages a birth year implies (findMinorDetails). */
      clock: Pick<ClockService, 'now'>
      disclosures: DisclosuresService
      tallies: ConsultationTalliesService
      /** The comments and open answers under their opaque ids, as staff were shown them. */
      consultations: Pick<ConsultationsService, 'publishableTexts'>
    },
  ) {}

  async publish(
    id: string,
    req: ConsultationSummaryReq,
    user: User,
    actor: Actor,
  ): Promise<{ consultation: Consultation; disclosure: Disclosure }> {
    const { models } = this.deps
    const loaded = Types.ObjectId.isValid(id) ? await models.Consultation.findById(id).lean() : null
    if (!loaded) throw notFound('征求意见')
    if (!mayActIn(user.roles, ['secretary'], loaded.villageCode))
      throw refusalFor(user.roles, loaded.villageCode, '只有本村书记可以公布征求意见结果', '征求意见')
    const c = await this.deps.tallies.withTally(loaded)
    if (!c.tally) throw conflict(tallyNotReadyMessage(this.deps.tallies.isClosed(c)), ErrorCode.TallyNotReady)
    if (c.summaryDisclosureId) return this.finishLinked(c, req, actor)
    const wanted = [...new Set(req.commentIds)]
    const wantedAnswers = [...new Set(req.openAnswerIds)]
    const publishable =
      wanted.length + wantedAnswers.length > 0
        ? await this.deps.consultations.publishableTexts(c)
        : { comments: [], openAnswers: [] }
    const byId = new Map(publishable.comments.map((x) => [x.id, x.text]))
    // Each open answer with its question's index, to be printed under it.
    const answerById = new Map(
      publishable.openAnswers.flatMap((q) =>
        q.answers.map((a) => [a.id, { question: q.question, text: a.text }]),
      ),
    )
    if (wanted.some((w) => !byId.has(w))) {
      const message = '所选意见不存在或不能公开'
      throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.commentIds': message })
    }
    if (wantedAnswers.some((w) => !answerById.has(w))) {
      const message = '所选回答不存在或不能公开'
      throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.openAnswerIds': message })
    }
    // The summary is a public disclosure: what villagers typed, and what the secretary wrote, must carry no details
    // of a minor (docs/scrubbing.md); the secretary leaves such a comment or answer out or rewords the decision.
    const currentYear = Number(shanghaiDateOf(this.deps.clock.now()).slice(0, 4))
    const minorIn = (text: string) => findMinorDetails(text, { currentYear })
    const inComments = wanted.map((w) => minorIn(byId.get(w) ?? ''))
    const inAnswers = wantedAnswers.map((w) => minorIn(answerById.get(w)?.text ?? ''))
    const inDecided = minorIn(req.decided)
    const flagged = [
      ...inComments.flatMap((f, i) => (f.length > 0 ? [`所选第${i + 1}条意见`] : [])),
      ...inAnswers.flatMap((f, i) => (f.length > 0 ? [`所选第${i + 1}条回答`] : [])),
      ...(inDecided.length > 0 ? ['“决定怎么办”'] : []),
    ]
    if (flagged.length > 0) {
      const found = [...inComments.flat(), ...inAnswers.flat(), ...inDecided]
      // A villager's comment or answer is left out (not rewritten); the secretary's own decision text is reworded.
      const remedies = [
        ...(inComments.some((f) => f.length > 0) ? ['请不选这条意见'] : []),
        ...(inAnswers.some((f) => f.length > 0) ? ['请不选这条回答'] : []),
        ...(inDecided.length > 0 ? ['请改写“决定怎么办”的文字'] : []),
      ]
      throw new AppError(
        422,
        ErrorCode.MinorDetails,
        `${flagged.join('、')}的${minorDetailsMessage(found)}${remedies.join('，')}，然后再公布。`,
      )
    }
    const openAnswers = new Map<number, string[]>()
    for (const w of wantedAnswers) {
      const a = answerById.get(w)
      if (a) openAnswers.set(a.question, [...(openAnswers.get(a.question) ?? []), a.text])
    }
    const body = consultationSummaryText({
      title: c.title,
      unit: c.unit,
      deadlineText: consultationDeadlineText(c.deadline),
      tally: c.tally,
      comments: wanted.flatMap((w) => byId.get(w) ?? []),
      openAnswers,
      decided: req.decided,
    })
    // One secretary drafts: the claim is taken before anything is written, so of two sending it at once the other
    // writes nothing and is told so (docs/consultations.md, Summary).
    const token = await this.claim(c, user)
    let draft: Disclosure
    let linked: Consultation | null
    try {
      draft = await this.draftOnce(c, body, user, actor)
      // Linked before it goes to review: a summary under review always has its decision on the consultation.
      linked = await models.Consultation.findOneAndUpdate(
        { _id: c._id, summaryDisclosureId: null, ...heldClaim('summaryClaim', token) },
        {
          $set: {
            summaryDisclosureId: draft._id,
            decided: req.decided,
            status: 'summarised',
            summaryClaim: null,
          },
        },
        { returnDocument: 'after' },
      ).lean()
    } catch (err) {
      await releaseClaim(models.Consultation, { id: c._id, field: 'summaryClaim', token })
      throw err
    }
    // Held past its lease and taken over by another secretary, whose text is now in the draft.
    if (!linked) throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
    await this.deps.audit.record(actor, {
      action: 'consultation.summary',
      targetType: 'consultation',
      targetId: id,
      regionCode: c.villageCode,
      data: {
        disclosureId: draft._id.toHexString(),
        comments: wanted.length,
        openAnswers: wantedAnswers.length,
      },
    })
    return { consultation: linked, disclosure: await this.submitOnce(draft, actor) }
  }

  /**
   * Takes the summary's turn (lib/claims.ts): one conditional write, so two secretaries cannot both draft; the
   * other is told whether it is done or still being done.
   */
  private async claim(c: Consultation, user: User): Promise<Types.ObjectId> {
    const { Consultation } = this.deps.models
    const open = { summaryDisclosureId: null }
    const token = await takeClaim(Consultation, { id: c._id, field: 'summaryClaim', open, by: user._id })
    if (token) return token
    const linked = await Consultation.findById(c._id, { summaryDisclosureId: 1 }).lean()
    if (linked?.summaryDisclosureId) throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
    throw claimBusy('结果正在由其他人提交公布，请稍候再看')
  }

  /**
   * A summary already linked: 409, after sending its draft to review if a failure stopped that (a retry finishes
   * the command, docs/design.md); the sender of that very decision is then answered as the first time.
   */
  private async finishLinked(
    c: Consultation,
    req: ConsultationSummaryReq,
    actor: Actor,
  ): Promise<{ consultation: Consultation; disclosure: Disclosure }> {
    const draft = await this.deps.models.Disclosure.findById(c.summaryDisclosureId).lean()
    if (draft?.status !== 'draft') throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
    const disclosure = await this.submitOnce(draft, actor)
    if (c.decided !== req.decided) throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
    return { consultation: c, disclosure }
  }

  /** Sends the summary's draft to review; another request that sent it first is told 结果已经提交公布. */
  private async submitOnce(draft: Disclosure, actor: Actor): Promise<Disclosure> {
    if (draft.status !== 'draft') return draft
    try {
      return await this.deps.disclosures.submit(draft._id.toHexString(), actor)
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.InvalidTransition)
        throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
      throw err
    }
  }

  /**
   * The summary's draft under the consultation's series, written by the claim's holder: created, or (left by an
   * attempt that failed before its link) given this request's text. Sent to review only once linked.
   */
  private async draftOnce(c: Consultation, body: string, user: User, actor: Actor): Promise<Disclosure> {
    const period =
      periodKeyFor('quarterly', shanghaiDateOf(c.deadline)) ?? shanghaiDateOf(c.deadline).slice(0, 4)
    const series = consultationSeriesOf(c._id)
    const title = consultationSummaryTitle(c.title)
    const existing = await this.deps.models.Disclosure.findOne({
      seriesKey: disclosureSeriesKey(c.villageCode, CONSULTATION_SUMMARY_ITEM, period, series),
    })
      .sort({ version: 1 })
      .lean()
    if (existing && existing.status === 'draft' && (existing.body !== body || existing.title !== title))
      return this.deps.disclosures.update(existing._id.toHexString(), { title, body }, actor)
    return (
      existing ??
      this.deps.disclosures.create(
        c.villageCode,
        { catalogItemId: CONSULTATION_SUMMARY_ITEM, period, title, body, rows: null, interpretation: null },
        user,
        actor,
        { series },
      )
    )
  }
}
