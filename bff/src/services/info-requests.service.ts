import { Types } from 'mongoose'
import {
  amendmentNoticeDeadline,
  CORRECTION_PERIOD_WORKING_DAYS,
  correctionPeriodDue,
  ErrorCode,
  infoRequestDue,
  infoRequestLapsedOn,
  infoRequestOverdue,
  shanghaiDateOf,
  type InfoRequestCreateReq,
  type Deadline,
  type InfoRequestReplyReq,
  type WorkingCalendar,
} from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound, validationError } from '../errors'
import type { Models } from '../models'
import type { InfoRequest } from '../models/InfoRequest.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { ClockService } from './clock.service'
import type { NotificationsService } from './notifications.service'
import { isDuplicateKey } from '../lib/db-writes'
import { openReplyItems } from './info-request-items'
import { dateSaid, progressText, replyByText } from './info-request-progress'

/** Requests the office's queue shows at most. */
const QUEUE_MAX = 1000
/** Open requests one person may have at once (a client can make an office work). */
export const MAX_OPEN_INFO_REQUESTS = 20
/**
 * Tries at the next number when registrations at once take the same one: an office's registrations arrive one or
 * two at a time, and 40 at once (a tester's burst) all get their number within these.
 */
const NUMBER_ATTEMPTS = 60
/** Longest random wait before a retry. */
const NUMBER_RETRY_MAX_WAIT_MS = 25

/**
 * Requests still open as of `today` (China time): to answer, or awaiting a correction whose period has not passed
 * (art. 30: one not corrected in time is treated as withdrawn, `infoRequestLapsedOn`; a notice without a recorded
 * period never lapses).
 */
export function stillAwaitingCorrection(today: string) {
  return { status: 'awaiting_correction', 'correctionNotice.dueDate': { $not: { $lt: today } } } as const
}

/** 依申请公开: registration, one correction notice, one extension, consultations, the reply and the archive. */
export class InfoRequestsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      clock: ClockService
      calendar: () => WorkingCalendar
      notifications: NotificationsService
    },
  ) {}

  /** Tells the requester of a step (inbox and a 办理进度 subscribe message); keyed by the step so a retry adds nothing. */
  private async tell(r: InfoRequest, step: string, detail: string): Promise<void> {
    await this.deps.notifications.publishEvent({
      type: 'info_request.progress',
      id: `info_request:${r._id.toHexString()}:${r.history.length}`,
      villageCode: r.regionCode,
      title: r.description.slice(0, 20),
      requestId: r._id.toHexString(),
      requesterId: r.userId.toHexString(),
      number: r.number,
      step,
      detail,
      at: this.deps.clock.now(),
    })
  }

  /** Today in China time on the BFF clock (the day every deadline of a request is read against). */
  today(): string {
    return shanghaiDateOf(this.deps.clock.now())
  }

  /** Only the office a request is addressed to handles it (not the county above a township). */
  isOffice(user: User | null, regionCode: string): boolean {
    return (
      !!user &&
      user.roles.some((g) => (g.role === 'township' || g.role === 'county') && g.regionCode === regionCode)
    )
  }

  async create(req: InfoRequestCreateReq, user: User, actor: Actor): Promise<InfoRequest> {
    const { models } = this.deps
    const region = await models.Region.findById(req.regionCode, { name: 1, level: 1 }).lean()
    if (!region) throw notFound('机关')
    if (region.level !== 'township' && region.level !== 'county') {
      throw validationError({ regionCode: '依申请公开请向乡镇人民政府（街道办事处）或县级人民政府提出' })
    }
    const today = shanghaiDateOf(this.deps.clock.now())
    const open = await models.InfoRequest.countDocuments({
      userId: user._id,
      $or: [{ status: 'registered' }, stillAwaitingCorrection(today)],
    })
    if (open >= MAX_OPEN_INFO_REQUESTS)
      throw new AppError(429, ErrorCode.RateLimited, '您还有多件申请正在办理，请等办结后再提')
    const now = this.deps.clock.now()
    const receivedDate = shanghaiDateOf(now)
    const year = Number(receivedDate.slice(0, 4))
    const base = {
      regionCode: req.regionCode,
      year,
      userId: user._id,
      requester: req.requester,
      description: req.description,
      purpose: req.purpose ?? null,
      form: req.form,
      status: 'registered' as const,
      receivedDate,
      correctionNotice: null,
      extension: null,
      consultations: [],
      reply: null,
      archivedAt: null,
      createdAt: now,
      history: [{ step: 'registered', at: now }],
      ...infoRequestDue({ receivedDate, extension: null, consultations: [] }, this.deps.calendar()),
    }
    // The number is the next of the office's year, without gaps (the annual report counts them); registrations at
    // once take turns on the unique index, each retry after a short random wait so they do not collide again.
    for (let attempt = 0; attempt < NUMBER_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * NUMBER_RETRY_MAX_WAIT_MS))
      const last = await models.InfoRequest.findOne({ regionCode: req.regionCode, year }, { seq: 1 })
        .sort({ seq: -1 })
        .lean()
      const seq = (last?.seq ?? 0) + 1
      const doc: InfoRequest = {
        _id: new Types.ObjectId(),
        ...base,
        seq,
        number: `${region.name}〔${year}〕依申请第${seq}号`,
      }
      try {
        await models.InfoRequest.create(doc)
      } catch (err) {
        if (isDuplicateKey(err)) continue
        throw err
      }
      await this.deps.audit.record(actor, {
        action: 'info_request.register',
        targetType: 'info_request',
        targetId: doc._id.toHexString(),
        regionCode: req.regionCode,
      })
      await this.tell(doc, '已登记', `已登记，编号${doc.number}，将在${replyByText(doc)}。`)
      return doc
    }
    throw conflict('登记繁忙，请稍后再试')
  }

  private async load(id: string): Promise<InfoRequest> {
    const r = Types.ObjectId.isValid(id) ? await this.deps.models.InfoRequest.findById(id).lean() : null
    if (!r) throw notFound('申请')
    return r
  }

  /** The requester or the office; anyone else 404 (a request's existence is private too). */
  async get(id: string, user: User): Promise<{ request: InfoRequest; viewer: 'office' | 'requester' }> {
    const r = await this.load(id)
    if (this.isOffice(user, r.regionCode)) return { request: r, viewer: 'office' }
    if (r.userId.equals(user._id)) return { request: r, viewer: 'requester' }
    throw notFound('申请')
  }

  async mine(user: User): Promise<InfoRequest[]> {
    return this.deps.models.InfoRequest.find({ userId: user._id }).sort({ createdAt: -1 }).limit(200).lean()
  }

  /**
   * The office's queue: the requests to answer by deadline, then those waiting for the requester's correction, then
   * the replied ones still to archive; at most QUEUE_MAX, the ones to answer kept first.
   */
  async forOffice(regionCode: string, user: User): Promise<InfoRequest[]> {
    if (!this.isOffice(user, regionCode)) throw forbidden('只有受理机关可以查看申请')
    const queue: InfoRequest[] = []
    const today = shanghaiDateOf(this.deps.clock.now())
    // A request not corrected in time is treated as withdrawn (art. 30): closed, out of the queue.
    for (const filter of [
      { status: 'registered' },
      stillAwaitingCorrection(today),
      { status: 'replied' },
    ] as const) {
      if (queue.length >= QUEUE_MAX) break
      queue.push(
        ...(await this.deps.models.InfoRequest.find({ regionCode, ...filter })
          .sort({ dueDate: 1, _id: 1 })
          .limit(QUEUE_MAX - queue.length)
          .lean()),
      )
    }
    return queue
  }

  private async officeStep(
    id: string,
    user: User,
    actor: Actor,
    step: string,
    change: (r: InfoRequest) => Partial<InfoRequest> | Promise<Partial<InfoRequest>>,
  ): Promise<InfoRequest> {
    // Only the requester may read it besides the office (403 for them); for anyone else it does not exist (404).
    const { request: r, viewer } = await this.get(id, user)
    if (viewer !== 'office') throw forbidden('只有受理机关可以办理')
    if (r.status === 'archived') throw conflict('申请已归档，不能再办理', ErrorCode.InvalidTransition)
    const set = await change(r)
    const now = this.deps.clock.now()
    // Guarded by the status read: a concurrent step on the same request loses with 409.
    const updated = await this.deps.models.InfoRequest.findOneAndUpdate(
      { _id: r._id, status: r.status, history: { $size: r.history.length } },
      { $set: set, $push: { history: { step, at: now } } },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) throw conflict('申请刚刚被办理过，请刷新后再试', ErrorCode.InvalidTransition)
    await this.deps.audit.record(actor, {
      action: `info_request.${step}`,
      targetType: 'info_request',
      targetId: id,
      regionCode: r.regionCode,
    })
    await this.tell(updated, ...progressText(updated, step, shanghaiDateOf(now)))
    return updated
  }

  /**
   * Art. 30: the last day the office may send its one correction notice (7 working days from receipt), provisional
   * when counted on a year without holiday data.
   */
  correctionNoticeLastDay(r: Pick<InfoRequest, 'receivedDate'>): Deadline {
    return amendmentNoticeDeadline(r.receivedDate, this.deps.calendar())
  }

  /** Art. 30: one notice listing everything missing; a second one for the same request is refused (409). */
  async correctionNotice(
    id: string,
    body: { missing: string[]; workingDays?: number | undefined },
    user: User,
    actor: Actor,
  ): Promise<InfoRequest> {
    return this.officeStep(id, user, actor, 'correction_notice', (r) => {
      if (r.correctionNotice) throw conflict('补正告知只能发一次（一次性告知）', ErrorCode.Conflict)
      if (r.status !== 'registered') throw conflict('申请当前不能发补正告知', ErrorCode.InvalidTransition)
      // Sent later, it would restart the clock of a request the office has held for weeks.
      const last = this.correctionNoticeLastDay(r)
      if (shanghaiDateOf(this.deps.clock.now()) > last.date)
        throw conflict(
          `补正告知应在收到申请之日起7个工作日内发出（条例第三十条），已于${dateSaid(last.date, last.provisional, '截止')}；请按申请内容答复`,
          ErrorCode.InvalidTransition,
        )
      // Art. 30: the notice states a reasonable time limit; past it, without a correction, the request lapses.
      const now = this.deps.clock.now()
      const workingDays = body.workingDays ?? CORRECTION_PERIOD_WORKING_DAYS.default
      const period = correctionPeriodDue(shanghaiDateOf(now), workingDays, this.deps.calendar())
      return {
        status: 'awaiting_correction',
        correctionNotice: {
          missing: body.missing,
          at: now,
          dueDate: period.date,
          provisional: period.provisional,
          workingDays,
        },
      }
    })
  }

  /**
   * The requester's 补正 (art. 30: what the notice asked for): kept beside the request as filed, never in its
   * place (the requester's own view is masked, and what they first gave stays the office's to read); the clock
   * restarts on its receipt. The body's `description` is the 补正's text.
   */
  async correct(
    id: string,
    body: { description: string; purpose?: string | undefined },
    user: User,
    actor: Actor,
  ): Promise<InfoRequest> {
    const r = await this.load(id)
    if (!r.userId.equals(user._id)) throw notFound('申请')
    if (r.status !== 'awaiting_correction') throw conflict('申请不需要补正', ErrorCode.InvalidTransition)
    const now = this.deps.clock.now()
    const receivedDate = shanghaiDateOf(now)
    if (infoRequestLapsedOn(r, receivedDate) !== null)
      throw conflict(
        `补正期限已于${dateSaid(r.correctionNotice?.dueDate ?? receivedDate, r.correctionNotice?.provisional, '届满')}，这件申请视为放弃申请（条例第三十条）；如还需要这项信息，请重新提出申请`,
        ErrorCode.InvalidTransition,
      )
    const updated = await this.deps.models.InfoRequest.findOneAndUpdate(
      { _id: r._id, status: 'awaiting_correction' },
      {
        $set: {
          status: 'registered',
          supplement: { text: body.description, purpose: body.purpose ?? null, at: now },
          receivedDate,
          // A new period (art. 30): an extension decided for the earlier one does not carry (art. 33 ¶2: the
          // office decides and tells it within this period), nor do consultation days before the new receipt.
          extension: null,
          ...(r.extension ? { earlierExtension: r.extension } : {}),
          ...infoRequestDue(
            { receivedDate, extension: null, consultations: r.consultations },
            this.deps.calendar(),
          ),
        },
        $push: { history: { step: 'corrected', at: now } },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!updated) throw conflict('申请不需要补正', ErrorCode.InvalidTransition)
    await this.deps.audit.record(actor, {
      action: 'info_request.corrected',
      targetType: 'info_request',
      targetId: id,
      regionCode: r.regionCode,
    })
    await this.tell(updated, '补正已收', `已收到补正后的申请，将在${replyByText(updated)}。`)
    return updated
  }

  /** Art. 33: one extension by 20 working days with its reason; a second is refused (409). */
  async extend(id: string, reason: string, user: User, actor: Actor): Promise<InfoRequest> {
    return this.officeStep(id, user, actor, 'extended', (r) => {
      if (r.extension) throw conflict('答复期限只能延长一次', ErrorCode.Conflict)
      if (r.status !== 'registered') throw conflict('申请当前不能延期', ErrorCode.InvalidTransition)
      // Art. 33 ¶2: an extension is decided and told within the period; a lapsed one cannot be extended.
      if (infoRequestOverdue(r, shanghaiDateOf(this.deps.clock.now())))
        throw conflict(
          `答复期限已于${dateSaid(r.dueDate, r.provisional, '届满')}，不能再延长（条例第三十三条）；请尽快答复`,
          ErrorCode.InvalidTransition,
        )
      const extension = { reason, at: this.deps.clock.now() }
      return { extension, ...infoRequestDue({ ...r, extension }, this.deps.calendar()) }
    })
  }

  /**
   * Art. 32/33: a consultation starts or ends. Begun on or before the last day it pauses the clock and its working
   * days move the deadline when it ends; begun after, it is taken (art. 32: a third party is still consulted before
   * what concerns them is disclosed) but pauses nothing (`infoRequestDue`, `infoRequestPaused`).
   */
  async consult(
    id: string,
    action: 'start' | 'end',
    party: string | undefined,
    user: User,
    actor: Actor,
  ): Promise<InfoRequest> {
    return this.officeStep(id, user, actor, `consultation_${action}`, (r) => {
      if (r.status !== 'registered') throw conflict('申请当前不能征求意见', ErrorCode.InvalidTransition)
      const today = shanghaiDateOf(this.deps.clock.now())
      const open = r.consultations.findIndex((c) => c.endDate === null)
      if (action === 'start') {
        if (open >= 0) throw conflict('已有进行中的征求意见', ErrorCode.Conflict)
        return {
          consultations: [...r.consultations, { party: party ?? null, startDate: today, endDate: null }],
        }
      }
      if (open < 0) throw conflict('没有进行中的征求意见', ErrorCode.Conflict)
      const consultations = r.consultations.map((c, i) => (i === open ? { ...c, endDate: today } : c))
      return { consultations, ...infoRequestDue({ ...r, consultations }, this.deps.calendar()) }
    })
  }

  /** The reply (art. 36–39) with its files or links; replying after archiving is refused (409). */
  async reply(id: string, body: InfoRequestReplyReq, user: User, actor: Actor): Promise<InfoRequest> {
    return this.officeStep(id, user, actor, 'replied', async (r) => {
      if (r.status === 'replied') throw conflict('申请已经答复过了', ErrorCode.InvalidTransition)
      if (r.status !== 'registered') throw conflict('申请当前不能答复', ErrorCode.InvalidTransition)
      if (r.consultations.some((c) => c.endDate === null))
        throw conflict('请先结束征求意见再答复', ErrorCode.InvalidTransition)
      const items = await openReplyItems(this.deps.models, body.disclosureIds ?? [])
      return {
        status: 'replied',
        reply: {
          type: body.type,
          text: body.text,
          rightOffice: body.rightOffice ?? null,
          disclosureIds: items.map((d) => d._id),
          disclosureTitles: items.map((d) => d.title),
          links: body.links ?? [],
          at: this.deps.clock.now(),
          by: user._id,
        },
      }
    })
  }

  async archive(id: string, user: User, actor: Actor): Promise<InfoRequest> {
    return this.officeStep(id, user, actor, 'archived', (r) => {
      if (r.status !== 'replied') throw conflict('答复后才能归档', ErrorCode.InvalidTransition)
      return { status: 'archived', archivedAt: this.deps.clock.now() }
    })
  }
}
