import { chineseDate } from '@cunwu/domain'
import type { InfoRequest } from '../models/InfoRequest.model'

// What the requester of 依申请公开 is told of each step (inbox entry and 办理进度 message; docs/info-requests.md).

/** The correction notice as the requester is told it: what to add, by when, and what happens after. */
function correctionNoticeText(r: InfoRequest): string {
  const n = r.correctionNotice
  const what = `请补正后再提交：${n?.missing.join('；') ?? ''}。`
  if (!n?.dueDate) return what
  return `${what}请在${chineseDate(n.dueDate)}（含当天）前补正${n.provisional ? '（日期暂按周一至周五计算）' : ''}；逾期不补正的，视为放弃申请。`
}

/** What the requester is told of an office's step: a short phrase (≤ 5 characters) and a sentence. */
export function progressText(r: InfoRequest, step: string): [string, string] {
  switch (step) {
    case 'correction_notice':
      return ['需补正', correctionNoticeText(r)]
    case 'extended':
      return ['已延期', `答复期限延长至${chineseDate(r.dueDate)}，原因：${r.extension?.reason ?? ''}`]
    case 'consultation_start':
      return ['征求意见', '正在征求有关方面意见，这段时间不计入答复期限。']
    case 'consultation_end':
      return ['征求完毕', `征求意见已结束，将在${chineseDate(r.dueDate)}前答复。`]
    case 'replied':
      return ['已答复', `已答复：${r.reply?.text.slice(0, 100) ?? ''}`]
    default:
      return ['已办结', '申请已办结归档。']
  }
}
