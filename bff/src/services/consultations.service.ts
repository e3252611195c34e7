import { Types } from 'mongoose'
import {
  checkResponses,
  chooseEntitlement,
  CONSULTATION_MAX_DAYS,
  entitlementsOf,
  ErrorCode,
  redactSensitiveNumbers,
  voterKeyOf,
  type ConsultationAnswerReq,
  type ConsultationCreateReq,
  type ConsultationResponse,
  type ConsultationTallyDto,
  type Entitlement,
} from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound, serviceUnavailable } from '../errors'
import type { ContentSecurityClient } from '../clients/wechat-security.client'
import type { Models } from '../models'
import type { Consultation } from '../models/Consultation.model'
import type { ConsultationAnswer } from '../models/ConsultationAnswer.model'
import type {
  ConsultationComment,
  ConsultationEntitlement,
  ConsultationOpenAnswers,
} from '../models/consultation-views'
import type { User } from '../models/User.model'
import { mayActIn, refusalFor } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import type { ConsultationTalliesService } from './consultation-tallies.service'
import { consultationClosed, tallyNotReadyMessage, writeAnswer } from './consultation-answer-write'
import { publishableCommentsOf, publishableOpenAnswersOf } from './consultation-comments.service'
import { householdMemberships } from './household-proof.service'
import { requireVillage } from './memberships.service'

const DAY_MS = 86_400_000
/** The shortest time a consultation may stay open: villagers away from the village need time to see it. */
export const CONSULTATION_MIN_HOURS = 1
/** Times one answer may be changed: each change costs a content check. */
export const MAX_ANSWER_REVISIONS = 20
/** Most answers read at once (who took part, the comments). */
const MAX_ANSWERS_READ = 20_000

/**
 * Consultations and polls (征求意见 / 民意调查, docs/consultations.md): opening, reading, answering (one answer per
 * eligible person or household, replaced until the deadline), the tally after the deadline, who took part.
 */
export class ConsultationsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      clock: ClockService
      /** Null when no content check is configured: comments are then refused (503), never unchecked. */
      contentSecurity: ContentSecurityClient | null
      /** Closing and tallying (after the deadline). */
      tallies: ConsultationTalliesService
      /** Told once a consultation is open (the eligible followers hear of it). */
      onOpened?: (c: Consultation) => Promise<void>
      /** Keys the comments' opaque ids (`consultationCommentKey`). */
      commentKey: Buffer
    },
  ) {}

  /** Staff who may see who took part: the village's secretaries and the township, county or admin above. */
  isStaff(user: User | null, villageCode: string): boolean {
    return !!user && mayActIn(user.roles, ['secretary', 'township', 'county', 'admin'], villageCode)
  }

  /** The secretary of the village or township staff covering it opens a consultation. */
  async open(
    villageCode: string,
    req: ConsultationCreateReq,
    user: User,
    actor: Actor,
  ): Promise<Consultation> {
    const openedBy = mayActIn(user.roles, ['secretary'], villageCode)
      ? 'secretary'
      : mayActIn(user.roles, ['township'], villageCode)
        ? 'township'
        : null
    if (!openedBy) throw forbidden('只有本村书记或乡镇工作人员可以发起征求意见')
    await requireVillage(this.deps.models, villageCode)
    const now = this.deps.clock.now()
    const deadline = new Date(req.deadline)
    if (deadline.getTime() < now.getTime() + CONSULTATION_MIN_HOURS * 3_600_000) {
      const message = '截止时间至少要在一小时以后'
      throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.deadline': message })
    }
    if (deadline.getTime() > now.getTime() + CONSULTATION_MAX_DAYS * DAY_MS) {
      const message = `征求意见最长${CONSULTATION_MAX_DAYS}天`
      throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.deadline': message })
    }
    const doc: Consultation = {
      _id: new Types.ObjectId(),
      villageCode,
      title: req.title,
      draft: req.draft,
      attachments: req.attachmentsFrom ? await this.attachmentsOf(req.attachmentsFrom, villageCode) : [],
      questions: req.questions,
      deadline,
      unit: req.unit,
      ballot: req.ballot,
      status: 'open',
      openedBy,
      openedById: user._id,
      createdAt: now,
      tally: null,
      closedAt: null,
      summaryDisclosureId: null,
      decided: null,
      announcedAt: null,
      remindedAt: null,
    }
    await this.deps.models.Consultation.create(doc)
    await this.deps.audit.record(actor, {
      action: 'consultation.open',
      targetType: 'consultation',
      targetId: doc._id.toHexString(),
      regionCode: villageCode,
      data: { unit: req.unit, ballot: req.ballot, deadline: deadline.toISOString() },
    })
    await this.deps.onOpened?.(doc)
    return doc
  }

  /** The files of a published disclosure of the same village (the draft's attachments). */
  private async attachmentsOf(
    disclosureId: string,
    villageCode: string,
  ): Promise<Consultation['attachments']> {
    const d = await this.deps.models.Disclosure.findById(disclosureId, {
      regionCode: 1,
      status: 1,
      attachments: 1,
    }).lean()
    if (!d || d.regionCode !== villageCode || !['published', 'expired'].includes(d.status)) {
      const message = '附件须来自本村已发布的公开内容'
      throw new AppError(422, ErrorCode.ValidationError, message, true, { 'body.attachmentsFrom': message })
    }
    return d.attachments.map((a) => ({
      disclosureId: d._id,
      fileId: a.fileId,
      filename: a.filename,
      size: a.size,
    }))
  }

  /**
   * Members (approved, or holding proxy rights) and staff of the village may read; others get 403. For one record
   * (`record`), 404 unless one of their grants covers the village: an id outside one's regions is not confirmed to
   * exist (`refusalFor`).
   */
  private async requireReader(user: User, villageCode: string, record = true): Promise<void> {
    if (this.isStaff(user, villageCode)) return
    const { Membership, Proxy } = this.deps.models
    const member = await Membership.exists({ userId: user._id, villageCode, status: 'approved' })
    if (member) return
    if (await Proxy.exists({ userId: user._id, villageCode })) return
    const message = '只有本村村民可以查看本村的征求意见'
    throw record ? refusalFor(user.roles, villageCode, message, '征求意见') : forbidden(message)
  }

  private async load(id: string): Promise<Consultation> {
    const c = Types.ObjectId.isValid(id) ? await this.deps.models.Consultation.findById(id).lean() : null
    if (!c) throw notFound('征求意见')
    return c
  }

  private isClosed(c: Pick<Consultation, 'deadline'>): boolean {
    return this.deps.tallies.isClosed(c)
  }

  private withTally(c: Consultation): Promise<Consultation> {
    return this.deps.tallies.withTally(c)
  }

  /** A village's consultations, newest deadline first, for its members and staff. */
  async list(villageCode: string, user: User): Promise<Consultation[]> {
    await this.requireReader(user, villageCode, false)
    const list = await this.deps.models.Consultation.find({ villageCode })
      .sort({ deadline: -1 })
      .limit(200)
      .lean()
    return Promise.all(list.map((c) => this.withTally(c)))
  }

  /** One consultation for a member or staff of its village (the tally once closed). */
  async get(id: string, user: User): Promise<Consultation> {
    const c = await this.load(id)
    await this.requireReader(user, c.villageCode)
    return this.withTally(c)
  }

  /** What the user may answer for, read from membership, proxy rights and the roster's heads of household. */
  private async entitlementsFor(user: User, c: Consultation): Promise<Entitlement[]> {
    const { Proxy, Household } = this.deps.models
    // Only a membership holding its roster person answers as that person: two accounts never share a voter key
    // through their memberships (docs/households.md).
    const [member] = await householdMemberships(this.deps.models, user._id, c.villageCode)
    const proxies = await Proxy.find(
      { userId: user._id, villageCode: c.villageCode },
      { householdNo: 1, forName: 1 },
    )
      .limit(100)
      .lean()
    const numbers = [
      ...new Set([...(member ? [member.householdNo] : []), ...proxies.map((p) => p.householdNo)]),
    ]
    const households = await Household.find(
      { villageCode: c.villageCode, householdNo: { $in: numbers } },
      { householdNo: 1, headName: 1 },
    ).lean()
    const heads = new Map(households.map((h) => [h.householdNo, h.headName]))
    return entitlementsOf(c.unit, {
      member: member ? { householdNo: member.householdNo, name: member.name } : null,
      proxies: proxies.map((p) => ({ householdNo: p.householdNo, forName: p.forName })),
      headOf: (no) => heads.get(no),
    })
  }

  /**
   * What the user may answer for in a consultation, each with the answer this user gave. An answer someone else
   * gave under the same key (the person's own, seen from their proxy; the proxy's, seen from the person; another
   * account's) is left out, only said to exist (`answeredByOther`): nobody reads another person's choice
   * (docs/consultations.md). Answering replaces it.
   */
  async mine(
    id: string,
    user: User,
  ): Promise<{ consultation: Consultation; entitlements: ConsultationEntitlement[] }> {
    const c = await this.get(id, user)
    const entitlements = await this.entitlementsFor(user, c)
    const answers = await this.deps.models.ConsultationAnswer.find({
      consultationId: c._id,
      voterKey: { $in: entitlements.map((e) => voterKeyOf(c.unit, e)) },
    }).lean()
    const byKey = new Map(answers.map((a) => [a.voterKey, a]))
    return {
      consultation: c,
      entitlements: entitlements.map((e) => {
        const a = byKey.get(voterKeyOf(c.unit, e))
        // Another's answer under the key is said to exist, never shown.
        const own = !!a && a.answeredBy.equals(user._id)
        return { ...e, answer: own ? (a ?? null) : null, answeredByOther: !!a && !own }
      }),
    }
  }

  /**
   * Records an answer for the user or someone they may answer for. A second answer under the same key replaces the
   * first (one atomic upsert on a unique index), so nobody counts twice; after the deadline nothing changes, and an
   * answer accepted is always counted (`writeAnswer`).
   */
  async answer(
    id: string,
    req: ConsultationAnswerReq,
    user: User,
    actor: Actor,
  ): Promise<Pick<ConsultationAnswer, 'householdNo' | 'name' | 'via' | 'revisions'>> {
    const c = await this.load(id)
    await this.requireReader(user, c.villageCode)
    if (this.isClosed(c)) throw consultationClosed()
    const chosen = chooseEntitlement(c.unit, await this.entitlementsFor(user, c), req.onBehalfOf)
    if (chosen === 'not_eligible') {
      throw new AppError(
        403,
        ErrorCode.NotEligible,
        c.unit === 'household' ? '这次按户征求意见，请由户主作答' : '您不在这次征求意见的范围内',
      )
    }
    if (chosen === 'no_proxy_rights')
      throw new AppError(403, ErrorCode.NoProxyRights, '您没有代这个人作答的权限')
    const problems = checkResponses(c.questions, req.responses)
    if (problems) throw new AppError(422, ErrorCode.ValidationError, '回答不完整或有误', true, problems)
    const voterKey = voterKeyOf(c.unit, chosen)
    const before = await this.deps.models.ConsultationAnswer.findOne(
      { consultationId: c._id, voterKey },
      { revisions: 1 },
    ).lean()
    if (before && before.revisions >= MAX_ANSWER_REVISIONS) {
      throw new AppError(429, ErrorCode.RateLimited, '这份意见修改次数太多，不能再改了')
    }
    const textCheck = await this.checkTexts(user, req)
    const responses: ConsultationResponse[] = req.responses.map((r) =>
      'text' in r ? { text: redactSensitiveNumbers(r.text) } : { options: r.options },
    )
    // Checked against the deadline again right before the write, which counts or is undone (writeAnswer).
    const { revisions } = await writeAnswer(this.deps, c, voterKey, {
      villageCode: c.villageCode,
      householdNo: chosen.householdNo,
      name: chosen.name,
      via: chosen.as,
      answeredBy: user._id,
      responses,
      comment: redactSensitiveNumbers(req.comment),
      textCheck,
    })
    await this.deps.audit.record(actor, {
      action: 'consultation.answer',
      targetType: 'consultation',
      targetId: id,
      regionCode: c.villageCode,
      // Never the choices: the audit trail says who answered for whom, as staff may see.
      data: { via: chosen.as, householdNo: chosen.householdNo },
    })
    return { householdNo: chosen.householdNo, name: chosen.name, via: chosen.as, revisions }
  }

  /** WeChat's text check on the comment and open answers; a risky text is refused and nothing is stored. */
  private async checkTexts(user: User, req: ConsultationAnswerReq): Promise<'pass' | 'review' | null> {
    const text = [req.comment, ...req.responses.map((r) => ('text' in r ? r.text : ''))]
      .filter((t) => t.length > 0)
      .join('\n')
    if (!text) return null
    const check = this.deps.contentSecurity
    if (!check) throw serviceUnavailable('暂时无法提交意见，请稍后再试')
    let verdict
    try {
      verdict = await check.checkText(user.openid, text)
    } catch {
      throw serviceUnavailable('暂时无法提交意见，请稍后再试')
    }
    if (verdict === 'risky') {
      throw new AppError(422, ErrorCode.ContentRisky, '意见含有不适合发布的内容，请修改后再提交')
    }
    return verdict
  }

  /** The tally, for members and staff, once the deadline passed (409 before). */
  async tally(id: string, user: User): Promise<{ consultation: Consultation; tally: ConsultationTallyDto }> {
    const c = await this.get(id, user)
    if (!c.tally) throw conflict(tallyNotReadyMessage(this.isClosed(c)), ErrorCode.TallyNotReady)
    return { consultation: c, tally: c.tally }
  }

  /**
   * Staff see who took part (and, for an open vote only, each choice) and, once the deadline passed, the comments
   * and each open question's answers without names (null before: listed while answers still arrive and change, each
   * new or edited text would appear together with one participant's new `answeredAt`; docs/consultations.md). The
   * summary that uses them is made after the deadline.
   */
  async participants(
    id: string,
    user: User,
  ): Promise<{
    consultation: Consultation
    answers: ConsultationAnswer[]
    comments: ConsultationComment[] | null
    openAnswers: ConsultationOpenAnswers[] | null
    textsHeld: number | null
  }> {
    const c = await this.load(id)
    if (!this.isStaff(user, c.villageCode)) {
      throw refusalFor(user.roles, c.villageCode, '只有本村书记和乡镇工作人员可以查看参与情况', '征求意见')
    }
    const answers = await this.deps.models.ConsultationAnswer.find({ consultationId: c._id })
      .sort({ householdNo: 1, name: 1 })
      .limit(MAX_ANSWERS_READ)
      .lean()
    // Once final (the deadline and the writes' grace passed): before, answers may still land or change.
    const final = this.deps.tallies.isFinal(c)
    return {
      consultation: c,
      answers,
      comments: final ? this.commentsOf(answers) : null,
      openAnswers: final ? publishableOpenAnswersOf(this.deps.commentKey, c.questions, answers) : null,
      // WeChat's check asked for a person's review (no later verdict comes): not listed, so say how many.
      textsHeld: final ? answers.filter((a) => a.textCheck === 'review').length : null,
    }
  }

  /** The comments that may go into the summary, under their opaque ids (`publishableCommentsOf`). */
  commentsOf(answers: Pick<ConsultationAnswer, '_id' | 'comment' | 'textCheck'>[]): ConsultationComment[] {
    return publishableCommentsOf(this.deps.commentKey, answers)
  }

  /** The comments and open questions' answers a summary may publish, under the ids staff were shown them. */
  async publishableTexts(
    c: Pick<Consultation, '_id' | 'questions'>,
  ): Promise<{ comments: ConsultationComment[]; openAnswers: ConsultationOpenAnswers[] }> {
    const answers = await this.deps.models.ConsultationAnswer.find(
      { consultationId: c._id, textCheck: 'pass' },
      { comment: 1, responses: 1, textCheck: 1 },
    )
      .limit(MAX_ANSWERS_READ)
      .lean()
    return {
      comments: this.commentsOf(answers),
      openAnswers: publishableOpenAnswersOf(this.deps.commentKey, c.questions, answers),
    }
  }
}
