import { Types } from 'mongoose'
import {
  ErrorCode,
  isPublicDisclosureStatus,
  MAX_OPEN_QUESTIONS_PER_ASKER,
  questionDeadline,
  storedRowOf,
  type QuestionCreateReq,
  type QuestionReplyReq,
  type WorkingCalendar,
} from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound, serviceUnavailable, validationError } from '../errors'
import type { ContentSecurityClient } from '../clients/wechat-security.client'
import type { Disclosure } from '../models/Disclosure.model'
import type { Models } from '../models'
import type { Question } from '../models/Question.model'
import type { User } from '../models/User.model'
import { mayActIn } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import { type DisclosuresService } from './disclosures.service'
import { catalogItemOf } from './catalog.service'
import type { NotificationsService } from './notifications.service'

/** What questions read of a disclosure. */
type AskedDisclosure = Pick<
  Disclosure,
  | '_id'
  | 'rows'
  | 'catalogItemId'
  | 'status'
  | 'regionCode'
  | 'title'
  | 'seriesKey'
  | 'version'
  | 'figures'
  | 'postingUntil'
>
const DISCLOSURE_FIELDS = {
  rows: 1,
  catalogItemId: 1,
  status: 1,
  regionCode: 1,
  title: 1,
  seriesKey: 1,
  version: 1,
  figures: 1,
  postingUntil: 1,
}

/** Who is looking at a thread. */
export type QuestionViewer = { kind: 'staff' } | { kind: 'asker' } | { kind: 'public' }

/** Questions and objections on published disclosures: asking, answering on a clock, escalation, upholding. */
export class QuestionsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      notifications: NotificationsService
      disclosures: DisclosuresService
      clock: ClockService
      calendar: () => WorkingCalendar
      /** Null when no content check is configured: asking is then refused (503), never unchecked. */
      contentSecurity: ContentSecurityClient | null
    },
  ) {}

  /** Staff who may read and answer a village's threads: its secretaries and the township (or county) above. */
  mayHandle(user: User | null, villageCode: string): boolean {
    return !!user && mayActIn(user.roles, ['secretary', 'township', 'county'], villageCode)
  }

  /**
   * A public version of a disclosure, as questions read it: published or expired (the current one), or superseded
   * (an older version, whose threads and page stay readable). Drafts, reviews and retracted items are not there for
   * villagers: 404, as on the disclosure itself.
   */
  private async publicVersion(disclosureId: string): Promise<AskedDisclosure> {
    const d = Types.ObjectId.isValid(disclosureId)
      ? await this.deps.models.Disclosure.findById(disclosureId, DISCLOSURE_FIELDS).lean()
      : null
    if (!d || !isPublicDisclosureStatus(d.status, true)) throw notFound('公开内容')
    return d
  }

  /** The version a question is filed on: the one asked on, or the series' current public one for an older version. */
  private async currentVersion(d: AskedDisclosure): Promise<AskedDisclosure> {
    if (d.status !== 'superseded') return d
    const current = await this.deps.models.Disclosure.findOne(
      { seriesKey: d.seriesKey, status: { $in: ['published', 'expired'] } },
      DISCLOSURE_FIELDS,
    )
      .sort({ version: -1 })
      .lean()
    if (!current) throw notFound('公开内容')
    return current
  }

  /** A villager (member or proxy of the village) asks or objects; the text passes the WeChat check first. */
  async ask(disclosureId: string, req: QuestionCreateReq, user: User, actor: Actor): Promise<Question> {
    const { models } = this.deps
    // Asked on an older version (an old link, a poster): filed on the current one, which the ask page shows.
    const asked = await this.publicVersion(disclosureId)
    const d = await this.currentVersion(asked)
    if (d !== asked && req.rowRef !== undefined) {
      throw conflict(
        '这份公开内容已经更新，行号可能变了，请打开最新一版再选择行',
        ErrorCode.VersionSuperseded,
      )
    }
    if (req.figureName !== undefined && !(d.figures ?? []).some((f) => f.name === req.figureName)) {
      const message = '这份公开内容里没有这个数字，请从公开的数字中选择'
      throw new AppError(422, ErrorCode.ValidationError, message, true, { figureName: message })
    }
    const member = await models.Membership.exists({
      userId: user._id,
      villageCode: d.regionCode,
      status: 'approved',
    })
    const proxy = member ? null : await models.Proxy.exists({ userId: user._id, villageCode: d.regionCode })
    if (!member && !proxy) throw forbidden('只有本村村民可以对本村的公开内容提问')
    // rowRef counts the rows of the public table; staff get the stored row it stands for.
    const storedRow =
      req.rowRef === undefined ? null : storedRowOf(catalogItemOf(d.catalogItemId).table, d.rows, req.rowRef)
    if (req.rowRef !== undefined && storedRow === null) throw validationError({ rowRef: '没有这一行' })
    const open = await models.Question.countDocuments({ askerId: user._id, status: 'open' })
    if (open >= MAX_OPEN_QUESTIONS_PER_ASKER) {
      throw new AppError(429, ErrorCode.RateLimited, '您还有多条留言没有答复，请等答复后再提')
    }
    const check = this.deps.contentSecurity
    if (!check) throw serviceUnavailable('暂时无法提交留言，请稍后再试')
    let verdict
    try {
      verdict = await check.checkText(user.openid, [req.text, req.figureName ?? ''].join('\n').trim())
    } catch {
      throw serviceUnavailable('暂时无法提交留言，请稍后再试')
    }
    if (verdict === 'risky')
      throw new AppError(422, ErrorCode.ContentRisky, '留言含有不适合发布的内容，请修改后再提交')
    const now = this.deps.clock.now()
    const due = questionDeadline(req.kind, now, d.postingUntil, this.deps.calendar())
    const doc: Question = {
      _id: new Types.ObjectId(),
      disclosureId: d._id,
      disclosureTitle: d.title,
      disclosureVersion: d.version,
      seriesKey: d.seriesKey,
      villageCode: d.regionCode,
      askerId: user._id,
      kind: req.kind,
      text: req.text,
      rowRef: req.rowRef ?? null,
      storedRow,
      figureName: req.figureName ?? null,
      contentCheck: verdict,
      status: 'open',
      ...due,
      escalatedAt: null,
      reply: null,
      correctionDisclosureId: null,
      public: false,
      createdAt: now,
      closedAt: null,
    }
    await models.Question.create(doc)
    await this.deps.audit.record(actor, {
      action: 'question.ask',
      targetType: 'question',
      targetId: doc._id.toHexString(),
      regionCode: d.regionCode,
      data: { disclosureId: d._id.toHexString(), kind: req.kind },
    })
    return doc
  }

  /**
   * The threads of a disclosure's series a viewer may see, on any of its public versions (each says the version it
   * was asked on): staff all, the asker theirs and the public ones, others the public ones.
   */
  async listForDisclosure(
    disclosureId: string,
    user: User | null,
  ): Promise<{ question: Question; viewer: QuestionViewer }[]> {
    const d = await this.publicVersion(disclosureId)
    const staff = this.mayHandle(user, d.regionCode)
    const series = { seriesKey: d.seriesKey, villageCode: d.regionCode }
    const filter = staff
      ? series
      : user
        ? { ...series, $or: [{ askerId: user._id }, { public: true }] }
        : { ...series, public: true }
    const list = await this.deps.models.Question.find(filter).sort({ createdAt: 1 }).limit(500).lean()
    return list.map((question) => ({
      question,
      viewer: staff
        ? { kind: 'staff' }
        : user && question.askerId.equals(user._id)
          ? { kind: 'asker' }
          : { kind: 'public' },
    }))
  }

  /** A person's own threads, newest first (their 我的留言 page). */
  async mine(user: User): Promise<Question[]> {
    return this.deps.models.Question.find({ askerId: user._id }).sort({ createdAt: -1 }).limit(200).lean()
  }

  private async load(id: string): Promise<Question> {
    const q = Types.ObjectId.isValid(id) ? await this.deps.models.Question.findById(id).lean() : null
    if (!q) throw notFound('留言')
    return q
  }

  /** One thread, for the asker or staff of its village; anyone else sees it only once it is public. */
  async get(id: string, user: User | null): Promise<{ question: Question; viewer: QuestionViewer }> {
    const q = await this.load(id)
    if (this.mayHandle(user, q.villageCode)) return { question: q, viewer: { kind: 'staff' } }
    if (user && q.askerId.equals(user._id)) return { question: q, viewer: { kind: 'asker' } }
    if (q.public) return { question: q, viewer: { kind: 'public' } }
    throw notFound('留言')
  }

  /**
   * A thread to act on: 404 for whoever may not read it (as `get`), so an id outside the user's regions is not
   * confirmed to exist; the caller's role check then answers 403 to those who may read it only.
   */
  private async loadToAct(id: string, user: User): Promise<Question> {
    return (await this.get(id, user)).question
  }

  /** The secretary (or the township) answers, or decides an objection is not upheld; the asker is told. */
  async reply(id: string, req: QuestionReplyReq, user: User, actor: Actor): Promise<Question> {
    const q = await this.loadToAct(id, user)
    const by = this.replierRole(user, q.villageCode)
    if (req.outcome === 'not_upheld' && q.kind !== 'objection') {
      throw validationError({ outcome: '只有异议才能作出“不予采纳”的决定' })
    }
    return this.close(q, req.outcome, { text: req.text, by, userId: user._id }, actor)
  }

  private replierRole(user: User, villageCode: string): 'secretary' | 'township' {
    if (mayActIn(user.roles, ['secretary'], villageCode)) return 'secretary'
    if (mayActIn(user.roles, ['township'], villageCode)) return 'township'
    throw forbidden('只有本村书记或乡镇可以答复')
  }

  private async close(
    q: Question,
    status: 'answered' | 'not_upheld' | 'upheld',
    reply: { text: string; by: 'secretary' | 'township'; userId: Types.ObjectId },
    actor: Actor,
  ): Promise<Question> {
    const now = this.deps.clock.now()
    const closed = await this.deps.models.Question.findOneAndUpdate(
      { _id: q._id, status: 'open' },
      { $set: { status, reply: { ...reply, at: now }, closedAt: now } },
      { returnDocument: 'after' },
    ).lean()
    if (!closed) throw conflict('这条留言已经答复过了', ErrorCode.QuestionClosed)
    await this.deps.audit.record(actor, {
      action: `question.${status}`,
      targetType: 'question',
      targetId: q._id.toHexString(),
      regionCode: q.villageCode,
    })
    await this.deps.notifications.publishEvent({
      type: 'question.answered',
      id: `question.answered:${q._id.toHexString()}`,
      villageCode: q.villageCode,
      title: q.disclosureTitle,
      questionId: q._id.toHexString(),
      askerId: q.askerId.toHexString(),
      answer: reply.text,
      at: now,
    })
    return closed
  }

  /** Upholds an objection through a corrected version, started or joined; its publication upholds it. */
  async startCorrection(
    id: string,
    changeNote: string,
    user: User,
    actor: Actor,
  ): Promise<{ question: Question; disclosure: Disclosure }> {
    const q = await this.loadToAct(id, user)
    if (!mayActIn(user.roles, ['secretary'], q.villageCode)) throw forbidden('只有本村书记可以更正公开内容')
    if (q.kind !== 'objection') throw validationError({ kind: '只有异议可以通过更正予以采纳' })
    if (q.status !== 'open') throw conflict('这条留言已经答复过了', ErrorCode.QuestionClosed)
    const { Disclosure: Disclosures, Question: Questions } = this.deps.models
    let draft: Disclosure | null = await Disclosures.findOne({ openKey: q.seriesKey }).lean()
    let linked: Question | null = null
    if (!draft) {
      // An objection raised after the posting window (docs/questions.md) is upheld through a new version too.
      const current = await Disclosures.findOne(
        { seriesKey: q.seriesKey, status: { $in: ['published', 'expired'] } },
        { _id: 1 },
      ).lean()
      if (!current) throw conflict('这项公开内容已经撤回，无法更正', ErrorCode.InvalidTransition)
      // The open thread is claimed for the version before it exists (one conditional write), so a reply closing it
      // at the same moment comes either first (nothing is created, 409) or after (the version is linked).
      const versionId = new Types.ObjectId()
      linked = await this.linkCorrection(q, versionId)
      if (!linked) throw conflict('这条留言已经答复过了', ErrorCode.QuestionClosed)
      try {
        draft = await this.deps.disclosures.newVersion(current._id.toHexString(), changeNote, user, actor, {
          id: versionId,
        })
      } catch (err) {
        // No version under the claimed id: the thread points back where it did.
        await Questions.updateOne(
          { _id: q._id, correctionDisclosureId: versionId },
          { $set: { correctionDisclosureId: q.correctionDisclosureId } },
        )
        // Another objection's correction started the series' new version meanwhile: this one joins it.
        const joinable = err instanceof AppError && err.code === ErrorCode.DisclosureExists
        draft = joinable ? await Disclosures.findOne({ openKey: q.seriesKey }).lean() : null
        if (!draft) throw err
        linked = null
      }
    }
    linked ??= await this.linkCorrection(q, draft._id)
    if (!linked) throw conflict('这条留言已经答复过了', ErrorCode.QuestionClosed)
    await this.deps.audit.record(actor, {
      action: 'question.correction_started',
      targetType: 'question',
      targetId: id,
      regionCode: q.villageCode,
      data: { disclosureId: draft._id.toHexString() },
    })
    return { question: linked, disclosure: draft }
  }

  /** Links an open thread to the version that corrects it; null when the thread was closed meanwhile. */
  private linkCorrection(q: Question, disclosureId: Types.ObjectId): Promise<Question | null> {
    return this.deps.models.Question.findOneAndUpdate(
      { _id: q._id, status: 'open' },
      { $set: { correctionDisclosureId: disclosureId } },
      { returnDocument: 'after' },
    ).lean()
  }

  /** Publishing a corrected version upholds the objections linked to it and tells their askers. */
  async onVersionPublished(d: Disclosure): Promise<void> {
    const linked = await this.deps.models.Question.find({
      correctionDisclosureId: d._id,
      status: 'open',
    }).lean()
    for (const q of linked) {
      try {
        await this.close(
          q,
          'upheld',
          { text: `您的异议已采纳，已发布更正后的第${d.version}版。`, by: 'secretary', userId: d.authorId },
          { userId: d.reviewerId ?? null, requestId: null },
        )
      } catch (err) {
        // Closed meanwhile by someone else: nothing left to do for this one.
        if (!(err instanceof AppError && err.code === ErrorCode.QuestionClosed)) throw err
      }
    }
  }

  /** Open threads past their deadline go to the township once (inbox and subscribe message). */
  async escalateOverdue(limit = 500): Promise<number> {
    const now = this.deps.clock.now()
    const due = await this.deps.models.Question.find({
      status: 'open',
      escalatedAt: null,
      // dueAt is the last millisecond of the last day, which still counts (isPastDue).
      dueAt: { $lt: now },
    })
      .sort({ dueAt: 1 })
      .limit(limit)
      .lean()
    let escalated = 0
    for (const q of due) {
      const marked = await this.deps.models.Question.findOneAndUpdate(
        { _id: q._id, escalatedAt: null, status: 'open' },
        { $set: { escalatedAt: now } },
      ).lean()
      if (!marked) continue
      escalated += 1
      // Keyed by the question: a repeat after a crash between the two writes records nothing twice.
      await this.deps.notifications.publishEvent({
        type: 'question.overdue',
        id: `question.overdue:${q._id.toHexString()}`,
        villageCode: q.villageCode,
        title: q.disclosureTitle,
        questionId: q._id.toHexString(),
        dueDate: q.dueDate,
        at: now,
      })
    }
    return escalated
  }
}
