import { addDays, toEpochDay } from './dates'
import type { Deadline, WorkingCalendar } from './working-days'
import { addWorkingDays, workingDaysBetween } from './working-days'

/**
 * Deadlines of 依申请公开 under the 政府信息公开条例 (国务院令第711号), docs/catalog.md §4. Village
 * committees are not administrative organs, but the same workflow shape is reused for villagers' requests.
 */

/** 条例第33条: answer within 20 working days of receipt. */
export const INFO_REQUEST_WORKING_DAYS = 20
/** 条例第33条: the extension is at most 20 further working days. */
export const INFO_REQUEST_EXTENSION_WORKING_DAYS = 20
/** 条例第30条: an unclear request must be sent back for amendment, once, within 7 working days. */
export const AMENDMENT_NOTICE_WORKING_DAYS = 7
/**
 * 条例第30条 (合理的补正期限): the working days the requester has to correct, counted from the notice. The office
 * sets it within these bounds (at least 10, so a villager who works away from home can answer; at most 30, so a
 * request is not held open for months); 15 unless it says otherwise.
 */
export const CORRECTION_PERIOD_WORKING_DAYS = { default: 15, min: 10, max: 30 } as const

/** How a request reached the agency; 条例第31条 fixes the date of receipt for each way. */
export type InfoRequestReceipt =
  /** 当面提交: received on the day it was handed in. */
  | { channel: 'in_person'; submittedOn: string }
  /** 邮寄 (signed-for mail): received on the day the OGI office signed for it. */
  | { channel: 'post'; signedForOn: string }
  /** 平常信函 (mail needing no signature): received on the day receipt was confirmed with the applicant. */
  | { channel: 'ordinary_mail'; confirmedOn: string }
  /** 互联网渠道 or 传真: received on the day both sides confirmed it. */
  | { channel: 'online' | 'fax'; confirmedOn: string }

/** The date of receipt of a request under 条例第31条, from which every reply deadline is counted. */
export function infoRequestReceivedOn(receipt: InfoRequestReceipt): string {
  const date =
    receipt.channel === 'in_person'
      ? receipt.submittedOn
      : receipt.channel === 'post'
        ? receipt.signedForOn
        : receipt.confirmedOn
  toEpochDay(date)
  return date
}

/** What changes the reply deadline of a request. */
export interface InfoRequestDeadlineOptions {
  /** The extension of 条例第33条 was approved (and the applicant told). @default false */
  extended?: boolean
  /**
   * Day the amended request was received after a 补正 notice; 条例第30条 restarts the clock from it.
   * @default undefined (no amendment)
   */
  amendedOn?: string
  /**
   * Working days spent consulting third parties or other agencies (条例第32、34条: up to 15 each), which
   * 条例第33条 excludes from the limit. @default 0
   */
  excludedWorkingDays?: number
}

/**
 * Last day to answer an information request: 20 working days after receipt (or after the amended request),
 * plus 20 when extended, plus excluded consultation days; the day of receipt itself is not counted.
 */
export function infoRequestDeadline(
  receivedOn: string,
  options: InfoRequestDeadlineOptions,
  calendar: WorkingCalendar,
): Deadline {
  const excluded = options.excludedWorkingDays ?? 0
  if (!Number.isInteger(excluded) || excluded < 0) {
    throw new RangeError(`excludedWorkingDays must be a whole number >= 0, got ${excluded}`)
  }
  let start = receivedOn
  if (options.amendedOn !== undefined) {
    if (toEpochDay(options.amendedOn) < toEpochDay(receivedOn)) {
      throw new RangeError(`amendedOn ${options.amendedOn} is before receivedOn ${receivedOn}`)
    }
    start = options.amendedOn
  }
  const days =
    INFO_REQUEST_WORKING_DAYS +
    (options.extended === true ? INFO_REQUEST_EXTENSION_WORKING_DAYS : 0) +
    excluded
  return addWorkingDays(start, days, calendar)
}

/** Last day to tell the applicant, once, what to add to an unclear request (条例第30条: 7 working days). */
export function amendmentNoticeDeadline(receivedOn: string, calendar: WorkingCalendar): Deadline {
  return addWorkingDays(receivedOn, AMENDMENT_NOTICE_WORKING_DAYS, calendar)
}

/** A consultation of a third party or another office (条例第32、34条); an open one has `endDate` null. */
export interface InfoRequestConsultation {
  startDate: string
  endDate: string | null
}

/** What the reply deadline of a request is computed from (its current period: after a 补正, the corrected one). */
export interface InfoRequestClock {
  /** The day the request (or the corrected request) was received: the period counts from it. */
  receivedDate: string
  /** The extension of 条例第33条 decided within this period, or null. */
  extension: object | null
  consultations: readonly InfoRequestConsultation[]
}

/** The day from which a consultation holds the period: its start, or the (corrected) receipt if it began before. */
function heldFrom(c: InfoRequestConsultation, receivedDate: string): string {
  return c.startDate > receivedDate ? c.startDate : receivedDate
}

/**
 * The last day to reply (条例第33条): 20 working days from the (corrected) receipt, +20 when extended in this
 * period, + the working days of each finished consultation (days d with start < d <= end) that lie in this period.
 * A consultation counts only if it began on or before the last day as it then stood: a lapsed period stays lapsed
 * (one begun on the Saturday after a Friday deadline holds nothing). One still running when the request was
 * corrected counts from the corrected receipt only: the time before it belonged to the earlier period.
 */
export function infoRequestDue(
  r: InfoRequestClock,
  calendar: WorkingCalendar,
): { dueDate: string; provisional: boolean } {
  const extended = r.extension !== null
  let excluded = 0
  let provisional = false
  let due = infoRequestDeadline(r.receivedDate, { extended }, calendar)
  const finished = r.consultations
    .filter((c): c is InfoRequestConsultation & { endDate: string } => c.endDate !== null)
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
  for (const c of finished) {
    const from = heldFrom(c, r.receivedDate)
    if (from > due.date) continue
    const between = workingDaysBetween(from, c.endDate, calendar)
    if (between.days <= 0) continue
    excluded += between.days
    provisional ||= between.provisional
    due = infoRequestDeadline(r.receivedDate, { extended, excludedWorkingDays: excluded }, calendar)
  }
  return { dueDate: due.date, provisional: provisional || due.provisional }
}

/** What tells whether a request's clock runs, stands still or has run out. */
interface InfoRequestClockState {
  status: string
  receivedDate: string
  dueDate: string
  consultations: readonly InfoRequestConsultation[]
}

/**
 * Whether the clock stands still: a consultation is open that began on or before the last day (条例第33条: its days
 * do not count). One begun after the last day holds nothing (a lapsed period stays lapsed), so nothing may say the
 * clock is paused then; the consultation itself may go on (条例第32条: the office still consults a third party
 * before it discloses what concerns them).
 */
export function infoRequestPaused(r: InfoRequestClockState): boolean {
  if (r.status !== 'registered') return false
  return r.consultations.some((c) => c.endDate === null && heldFrom(c, r.receivedDate) <= r.dueDate)
}

/**
 * Whether the office is past its deadline on a request still to answer: its last day went by, and no consultation
 * begun by then holds the clock (`infoRequestPaused`: the deadline moves on with it until it ends). A request
 * awaiting correction has no running clock.
 */
export function infoRequestOverdue(r: InfoRequestClockState, today: string): boolean {
  if (r.status !== 'registered' || today <= r.dueDate) return false
  return !infoRequestPaused(r)
}

/** The last day to correct (条例第30条: the notice states it), from the day of the notice. */
export function correctionPeriodDue(
  noticeDate: string,
  workingDays: number,
  calendar: WorkingCalendar,
): Deadline {
  return addWorkingDays(noticeDate, workingDays, calendar)
}

/**
 * The day a request awaiting correction lapsed (条例第30条: 无正当理由逾期不补正的，视为放弃申请), the day after
 * the correction period's last day; null while the period runs, or when the notice stated no period (notices sent
 * before periods were recorded: without a stated limit the request cannot lapse).
 */
export function infoRequestLapsedOn(
  r: { status: string; correctionNotice: { dueDate?: string | null } | null },
  today: string,
): string | null {
  const last = r.correctionNotice?.dueDate
  if (r.status !== 'awaiting_correction' || !last || today <= last) return null
  return addDays(last, 1)
}
