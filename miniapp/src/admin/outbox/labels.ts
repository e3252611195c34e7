import type { NotificationEventType, OutboxStatus } from '@cunwu/domain'

/** Delivery states in the order the page shows them (chart bars and filter tabs). */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = [
  'pending',
  'sent',
  'skipped_no_credit',
  'skipped_withdrawn',
  'failed',
  'ambiguous',
]

/** Plain words for a message's delivery state. */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: '待发送',
  sent: '已发送',
  skipped_no_credit: '未授权跳过',
  skipped_withdrawn: '已撤回未发送',
  failed: '发送失败',
  ambiguous: '结果不明',
}

/** What the event a message announces was about. */
export const EVENT_TYPE_LABELS: Record<NotificationEventType, string> = {
  'disclosure.published': '新的公开',
  'disclosure.updated': '公开内容更新',
  'disclosure.retracted': '公开内容撤回',
  'disclosure.returned': '公开被退回',
  'review.approved': '公开审核通过',
  'review.retracted': '公开被上级撤回',
  'alignment.discrepancy': '对照发现差异',
  'alignment.household_only_in_government': '上级名单有本户、村里名单没有',
  'verification.requested': '请求核验',
  'question.answered': '提问已答复',
  'question.overdue': '提问逾期未答复',
  'info_request.progress': '依申请公开办理进展',
  'deadline.approaching': '公开期限将到',
  'correction.requested': '村民申请更正信息',
  'cross_check.confirmed': '核查发现问题待更正',
  'consultation.opened': '征求意见',
  'consultation.reminder': '征求意见截止提醒',
  'follows.merged': '关注的村已撤并',
}

// WeChat subscribe-message errcodes an admin can act on; the rest are shown by number.
const ERRCODE_TEXT: Record<number, string> = {
  43101: '用户未授权或授权次数已用完',
  47003: '模板参数不正确',
  40003: 'openid 无效',
  43107: 'page 路径无效',
  41030: 'page 路径无效',
  45009: '发送过于频繁',
}

/** Explains a WeChat errcode in plain Chinese, e.g. 43101 → "用户未授权或授权次数已用完". */
export function errcodeText(errcode: number): string {
  return ERRCODE_TEXT[errcode] ?? `微信返回错误码 ${errcode}`
}

/** How long the oldest pending message has waited, e.g. "12 分钟前", "2 小时 5 分钟前". */
export function pendingAgeText(seconds: number): string {
  const minutes = Math.floor(seconds / 60)
  if (minutes < 1) return '不到 1 分钟前'
  if (minutes < 60) return `${minutes} 分钟前`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest === 0 ? `${hours} 小时前` : `${hours} 小时 ${rest} 分钟前`
}
