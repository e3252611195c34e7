import {
  correctionPeriodDue,
  infoRequestDue,
  questionDeadline,
  shanghaiDateOf,
  type WorkingCalendar,
} from '@cunwu/domain'
import type { Models } from '../models'
import type { Actor, AuditService } from './audit.service'
import { SYSTEM_ACTOR } from './audit.service'

/** Records read per kind in one pass (deadlines reaching into a year without holiday data are few). */
const PASS_LIMIT = 2000

export interface ProvisionalDeadlinesResult {
  infoRequests: number
  correctionNotices: number
  questions: number
}

/**
 * Deadlines counted over a year the holiday data did not cover were stored `provisional` (Monday to Friday
 * assumed). The data is frozen in the build (chinese-days), so a new year's arrangement arrives with a release:
 * at start-up this counts every still-running provisional deadline again with the calendar now loaded and stores
 * what changed (the date, and `provisional` cleared once every day counted lies in a known year). Idempotent:
 * each update is conditional on the stored values, so instances starting together write each change once.
 * docs/design.md, "Time".
 */
export class ProvisionalDeadlinesService {
  constructor(
    private readonly deps: { models: Models; audit: AuditService; calendar: () => WorkingCalendar },
  ) {}

  async recompute(actor: Actor = SYSTEM_ACTOR): Promise<ProvisionalDeadlinesResult> {
    const calendar = this.deps.calendar()
    return {
      infoRequests: await this.infoRequests(calendar, actor),
      correctionNotices: await this.correctionNotices(calendar, actor),
      questions: await this.questions(calendar, actor),
    }
  }

  /** Requests awaiting a reply: the period from the (corrected) receipt, its extension and consultations. */
  private async infoRequests(calendar: WorkingCalendar, actor: Actor): Promise<number> {
    const { InfoRequest } = this.deps.models
    const open = await InfoRequest.find({ status: 'registered', provisional: true }).limit(PASS_LIMIT).lean()
    let changed = 0
    for (const r of open) {
      const due = infoRequestDue(r, calendar)
      if (due.dueDate === r.dueDate && due.provisional) continue
      const res = await InfoRequest.updateOne(
        { _id: r._id, status: 'registered', dueDate: r.dueDate, provisional: true },
        { $set: due },
      )
      if (res.modifiedCount !== 1) continue
      changed += 1
      const next = { date: due.dueDate, provisional: due.provisional }
      await this.record(actor, 'info_request', r._id.toHexString(), r.regionCode, r.dueDate, next)
    }
    return changed
  }

  /**
   * Correction notices still running: the period they gave, counted from the notice's day. A notice stored
   * without its number of working days (sent before it was kept) is left as it is.
   */
  private async correctionNotices(calendar: WorkingCalendar, actor: Actor): Promise<number> {
    const { InfoRequest } = this.deps.models
    const waiting = await InfoRequest.find({
      status: 'awaiting_correction',
      'correctionNotice.provisional': true,
      'correctionNotice.workingDays': { $exists: true },
    })
      .limit(PASS_LIMIT)
      .lean()
    let changed = 0
    for (const r of waiting) {
      const notice = r.correctionNotice
      if (!notice?.dueDate || notice.workingDays === undefined) continue
      const due = correctionPeriodDue(shanghaiDateOf(notice.at), notice.workingDays, calendar)
      if (due.date === notice.dueDate && due.provisional) continue
      const res = await InfoRequest.updateOne(
        {
          _id: r._id,
          status: 'awaiting_correction',
          'correctionNotice.dueDate': notice.dueDate,
          'correctionNotice.provisional': true,
        },
        { $set: { 'correctionNotice.dueDate': due.date, 'correctionNotice.provisional': due.provisional } },
      )
      if (res.modifiedCount !== 1) continue
      changed += 1
      await this.record(actor, 'info_request', r._id.toHexString(), r.regionCode, notice.dueDate, due)
    }
    return changed
  }

  /** Open questions and objections: from the day asked, an objection no earlier than its posting window's end. */
  private async questions(calendar: WorkingCalendar, actor: Actor): Promise<number> {
    const { Question, Disclosure } = this.deps.models
    const open = await Question.find({ status: 'open', provisional: true }).limit(PASS_LIMIT).lean()
    let changed = 0
    for (const q of open) {
      const d = await Disclosure.findById(q.disclosureId, { postingUntil: 1 }).lean()
      const due = questionDeadline(q.kind, q.createdAt, d?.postingUntil ?? null, calendar)
      if (due.dueDate === q.dueDate && due.provisional) continue
      const res = await Question.updateOne(
        { _id: q._id, status: 'open', dueDate: q.dueDate, provisional: true },
        { $set: due },
      )
      if (res.modifiedCount !== 1) continue
      changed += 1
      const next = { date: due.dueDate, provisional: due.provisional }
      await this.record(actor, 'question', q._id.toHexString(), q.villageCode, q.dueDate, next)
    }
    return changed
  }

  private async record(
    actor: Actor,
    targetType: 'info_request' | 'question',
    targetId: string,
    regionCode: string,
    before: string,
    due: { date: string; provisional: boolean },
  ): Promise<void> {
    await this.deps.audit.record(actor, {
      action: 'deadline.recounted',
      targetType,
      targetId,
      regionCode,
      data: { before, after: due.date, provisional: due.provisional },
    })
  }
}
