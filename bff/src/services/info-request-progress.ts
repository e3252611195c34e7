import { chineseDate, PROVISIONAL_DATE_NOTE } from '@cunwu/domain'
import type { InfoRequest } from '../models/InfoRequest.model'

// What the requester of 依申请公开 is told of each step (inbox entry and 办理进度 message; docs/info-requests.md).

/**
 * The reply deadline in words: the last day itself is in time (…（含当天）前答复), and a date counted through a year
 * whose holiday arrangement is not yet published says so.
 */
export function replyByText(r: Pick<InfoRequest, 'dueDate' | 'provisional'>): string {
  const provisional = r.provisional ? `（${PROVISIONAL_DATE_NOTE}）` : ''
  return `${chineseDate(r.dueDate)}（含当天）前答复${provisional}`
}

/** The correction notice as the requester is told it: what to add, by when, and what happens after. */
function correctionNoticeText(r: InfoRequest): string {
  const n = r.correctionNotice
  const what = `请补正后再提交：${n?.missing.join('；') ?? ''}。`
  if (!n?.dueDate) return what
  return `${what}请在${chineseDate(n.dueDate)}（含当天）前补正${n.provisional ? `（${PROVISIONAL_DATE_NOTE}）` : ''}；逾期不补正的，视为放弃申请。`
}

/** What the requester is told of an office's step: a short phrase (≤ 5 characters) and a sentence. */
export function progressText(r: InfoRequest, step: string): [string, string] {
  switch (step) {
    case 'correction_notice':
      return ['需补正', correctionNoticeText(r)]
    case 'extended':
      return ['已延期', `答复期限延长，将在${replyByText(r)}。原因：${r.extension?.reason ?? ''}`]
    case 'consultation_start':
      return ['征求意见', '正在征求有关方面意见，这段时间不计入答复期限。']
    case 'consultation_end':
      return ['征求完毕', `征求意见已结束，将在${replyByText(r)}。`]
    case 'replied':
      return ['已答复', `已答复：${r.reply?.text.slice(0, 100) ?? ''}`]
    default:
      return ['已办结', '申请已办结归档。']
  }
}
