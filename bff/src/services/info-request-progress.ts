import { chineseDate, infoRequestPaused, provisionalNote } from '@cunwu/domain'
import type { InfoRequest } from '../models/InfoRequest.model'

// What the requester of 依申请公开 is told of each step (inbox entry and 办理进度 message; docs/info-requests.md).

/**
 * A date as said to a person (the requester or the office), in every message of 依申请公开 that states one:
 * 2027年1月6日, then what follows it (（含当天）前答复, 届满, 截止), then （放假安排还没有公布，…可能会变） when it was
 * counted through a year whose holiday arrangement is not yet published (`PROVISIONAL_DATE_NOTE`).
 */
export function dateSaid(date: string, provisional: boolean | null | undefined, after = ''): string {
  return `${chineseDate(date)}${after}${provisionalNote(provisional)}`
}

/**
 * The reply deadline in words: the last day itself is in time (…（含当天）前答复), and a date counted through a year
 * whose holiday arrangement is not yet published says so.
 */
export function replyByText(r: Pick<InfoRequest, 'dueDate' | 'provisional'>): string {
  return dateSaid(r.dueDate, r.provisional, '（含当天）前答复')
}

/** The correction notice as the requester is told it: what to add, by when, and what happens after. */
function correctionNoticeText(r: InfoRequest): string {
  const n = r.correctionNotice
  const what = `请补正后再提交：${n?.missing.join('；') ?? ''}。`
  if (!n?.dueDate) return what
  return `${what}请在${dateSaid(n.dueDate, n.provisional, '（含当天）前补正')}；逾期不补正的，视为放弃申请。`
}

/**
 * Where the reply stands, read on `today`: the last day still to come (将在…前答复), or, once it has passed, that the
 * office is late; never a promise of a day gone by.
 */
function replyStandingText(r: InfoRequest, today: string): string {
  if (today <= r.dueDate) return `将在${replyByText(r)}。`
  return `机关已超过答复期限（应在${replyByText(r)}），还没有答复。`
}

/**
 * What the requester is told of an office's step, on `today`: a short phrase (≤ 5 characters) and a sentence. A
 * consultation begun after the last day pauses nothing (`infoRequestPaused`), and is told so without a word of
 * pausing.
 */
export function progressText(r: InfoRequest, step: string, today: string): [string, string] {
  switch (step) {
    case 'correction_notice':
      return ['需补正', correctionNoticeText(r)]
    case 'extended':
      return ['已延期', `答复期限延长，将在${replyByText(r)}。原因：${r.extension?.reason ?? ''}`]
    case 'consultation_start':
      return infoRequestPaused(r)
        ? ['征求意见', '正在征求有关方面意见，这段时间不计入答复期限。']
        : ['征求意见', `正在征求有关方面意见。${replyStandingText(r, today)}`]
    case 'consultation_end':
      return ['征求完毕', `征求意见已结束，${replyStandingText(r, today)}`]
    case 'replied':
      return ['已答复', `已答复：${r.reply?.text.slice(0, 100) ?? ''}`]
    default:
      return ['已办结', '申请已办结归档。']
  }
}
