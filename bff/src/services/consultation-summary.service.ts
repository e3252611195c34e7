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
    if (c.summaryDisclosureId) throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
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
    const disclosure = await this.draftOnce(c, body, user, actor)
    const linked = await models.Consultation.findOneAndUpdate(
      { _id: c._id, summaryDisclosureId: null },
      { $set: { summaryDisclosureId: disclosure._id, decided: req.decided, status: 'summarised' } },
      { returnDocument: 'after' },
    ).lean()
    if (!linked) throw conflict('结果已经提交公布', ErrorCode.InvalidTransition)
    await this.deps.audit.record(actor, {
      action: 'consultation.summary',
      targetType: 'consultation',
      targetId: id,
      regionCode: c.villageCode,
      data: {
        disclosureId: disclosure._id.toHexString(),
        comments: wanted.length,
        openAnswers: wantedAnswers.length,
      },
    })
    return { consultation: linked, disclosure }
  }

  /** The summary's draft, created once under the consultation's series (a retry finds it) and sent to review. */
  private async draftOnce(c: Consultation, body: string, user: User, actor: Actor): Promise<Disclosure> {
    const period =
      periodKeyFor('quarterly', shanghaiDateOf(c.deadline)) ?? shanghaiDateOf(c.deadline).slice(0, 4)
    const series = consultationSeriesOf(c._id)
    const existing = await this.deps.models.Disclosure.findOne({
      seriesKey: disclosureSeriesKey(c.villageCode, CONSULTATION_SUMMARY_ITEM, period, series),
    })
      .sort({ version: 1 })
      .lean()
    const draft =
      existing ??
      (await this.deps.disclosures.create(
        c.villageCode,
        {
          catalogItemId: CONSULTATION_SUMMARY_ITEM,
          period,
          title: consultationSummaryTitle(c.title),
          body,
          rows: null,
          interpretation: null,
        },
        user,
        actor,
        { series },
      ))
    if (draft.status !== 'draft') return draft
    return this.deps.disclosures.submit(draft._id.toHexString(), actor)
  }
}
