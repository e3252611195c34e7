import { toEpochDay } from './dates'
import type { Deadline, WorkingCalendar } from './working-days'
import { addWorkingDays } from './working-days'

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
