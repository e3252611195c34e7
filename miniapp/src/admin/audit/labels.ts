import { ROLE_LABELS, RoleSchema, chineseDate, type AuditEventDto } from '@cunwu/domain'
import { regionName } from '../shared'

/** What each recorded action was, in plain words (the BFF's action names are codes). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.sign_in': '登录',
  'auth.logout': '退出登录',
  'seed.demo': '载入演示数据',
  'role.grant': '授予身份',
  'role.revoke': '取消身份',
  'region.import': '导入行政区划',
  'region.contact': '修改村委会办公电话',
  'region.retire': '登记村撤并',
  'region.reinstate': '撤销村的撤并',
  'privacy.accept': '同意隐私政策',
  'privacy.correction_requested': '申请更正个人信息',
  'privacy.correction_done': '更正了个人信息',
  'membership.apply': '申请加入本村',
  'membership.approve': '同意村民加入',
  'membership.reject': '没有同意村民加入',
  'membership.end': '把村民移出本村',
  'invite.create': '生成入村邀请码',
  'invite.accept': '用邀请码加入本村',
  'invite.cancel': '作废入村邀请码',
  'proxy.grant': '登记代办人',
  'disclosure.create': '新建村务公开草稿',
  'disclosure.update': '修改村务公开草稿',
  'disclosure.attach': '给公开添加附件',
  'disclosure.detach': '从草稿删去附件',
  'disclosure.attachment_withdraw': '撤下已公开的附件',
  'disclosure.submit': '提交公开待审核',
  'disclosure.return': '退回公开',
  'disclosure.publish': '审核通过并公开',
  'disclosure.retract': '撤回公开',
  'disclosure.new_version': '更正已公开的内容',
  'government_item.create': '新建政务公开',
  'government_item.update': '修改政务公开草稿',
  'government_item.import': '给政务公开导入名单',
  'government_item.publish': '发布政务公开',
  'government_item.new_version': '更正政务公开',
  'government_item.retract': '撤回政务公开',
  'table_import.start': '导入表格',
  'alignment.recompute': '重新对照村务和政务公开',
  'alignment.confirm': '确认对照一致',
  'alignment.request_correction': '请村里更正对照不一致的公开',
  'alignment.resolve': '说明对照差异的原因',
  'cross_check.run': '跨村核查',
  'cross_check.found': '跨村核查发现问题',
  'cross_check.confirm': '确认核查问题',
  'cross_check.resolve': '处理完核查问题',
  'cross_check.closed': '核查问题已消除',
  'question.ask': '提问或提出异议',
  'question.photo_added': '给提问添加照片',
  'question.publish': '公开答复',
  'question.unpublish': '取消公开答复',
  'question.answered': '答复提问',
  'question.upheld': '认定异议成立',
  'question.not_upheld': '认定异议不成立',
  'question.correction_started': '因提问更正公开',
  'info_request.register': '申请政府信息公开',
  'info_request.corrected': '补正依申请公开材料',
  'info_request.appeals_set': '填写复议诉讼情况',
  'deadline.recounted': '按节假日安排重新计算办理期限',
  'consultation.open': '发起征求意见',
  'consultation.answer': '回答征求意见',
  'consultation.summary': '公布征求意见结果',
  'decision.create': '新建村里议事事项',
  'decision.step': '记录议事步骤',
  'decision.resolution_disclosed': '公开议事决议',
  'decision.results_disclosed': '公开议事实施结果',
  'charge.create': '新建收费项目',
  'charge.refund': '退款',
  'ledger.create': '记一笔账',
  'ledger.reverse': '冲销一笔账',
  'ledger.import': '导入账目',
  'catalog.version_loaded': '更新公开目录',
  'service_guide.update': '更新办事指南',
  'service_guide.note_set': '填写办事指南本地说明',
  'service_guide.note_remove': '删去办事指南本地说明',
}

/**
 * Steps of an information request, a question or an alignment check the BFF records as `<kind>.<step>` (a step this
 * app has no label for yet still reads as what kind of work it was).
 */
export const STEP_LABELS: Readonly<Record<string, string>> = {
  info_request: '办理政府信息公开申请',
  question: '处理提问',
  alignment: '核对村务和政务公开',
}

/** The action in words; an action this app does not know yet is 其他操作, never its code. */
export function actionText(action: string): string {
  const known = AUDIT_ACTION_LABELS[action]
  if (known) return known
  return STEP_LABELS[action.split('.')[0] ?? ''] ?? '其他操作'
}

/** Who did it: the name, the part of a withheld person (申请人, 提问人), or 系统 for the service itself. */
export function actorText(e: AuditEventDto): string {
  if (e.actorLabel) return e.actorLabel
  if (e.actorName) return e.actorName
  return e.actorId === null ? '系统' : '一位用户'
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null)

/**
 * What else the event says that a reader understands, in words: the role given or taken and whether anything
 * changed, how many regions an import wrote, a phone number before and after, a reason. Ids and codes are left out.
 */
export function detailText(e: AuditEventDto): string | null {
  const d = e.data
  const role = RoleSchema.safeParse(d.role)
  if ((e.action === 'role.grant' || e.action === 'role.revoke') && role.success) {
    const who = e.targetName ? `${e.targetName}：` : ''
    const label = ROLE_LABELS[role.data]
    if (d.changed === false)
      return e.action === 'role.grant'
        ? `${who}${label}（原来就有，没有变化）`
        : `${who}${label}（原来就没有）`
    return `${who}${label}`
  }
  if (e.action === 'region.import') return regionImportText(d)
  if (e.action === 'region.retire' || e.action === 'region.reinstate') return retirementText(e.action, d)
  if (e.action === 'deadline.recounted') {
    const before = dateText(d.before)
    const after = dateText(d.after)
    if (before && after) return `期限 ${before} 改为 ${after}`
  }
  if (e.action === 'membership.apply') return applicationText(d)
  if (e.action === 'region.contact')
    return `电话 ${text(d.previous) ?? '（原来没有）'} 改为 ${text(d.officePhone) ?? '（清除）'}`
  const reason = text(d.reason) ?? text(d.comment) ?? text(d.changeNote)
  if (reason) return `原因：${reason}`
  const title = text(d.title)
  if (title) return `「${title}」`
  return null
}

/**
 * An application to join a village: after a rejection, the reason the secretary gave then (the BFF records it on the
 * new application as `previousReason`, docs/households.md "Joining"), so the re-application is read against it.
 */
function applicationText(d: Record<string, unknown>): string | null {
  const reason = d.previousStatus === 'rejected' ? text(d.previousReason) : null
  return reason ? `上次未通过的原因：${reason}` : null
}

/** 2026年9月20日 for a 'YYYY-MM-DD' value, null for anything else. */
function dateText(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? chineseDate(v) : null
}

/** A retirement set (从2026年9月20日起撤并，并入石门村) or undone (原定2026年9月20日撤并), with its reason. */
function retirementText(action: string, d: Record<string, unknown>): string | null {
  const previous =
    typeof d.previous === 'object' && d.previous !== null ? (d.previous as Record<string, unknown>) : null
  const reason = text(d.reason)
  let what: string | null
  if (action === 'region.retire') {
    const on = dateText(d.retiredOn)
    const into = text(d.mergedIntoName)
    what = on ? `${previous ? '改为' : ''}从${on}起撤并${into ? `，并入${into}` : ''}` : null
  } else {
    const was = previous ? dateText(previous.retiredOn) : null
    what = was ? `原定${was}撤并，已撤销` : null
  }
  return [what, reason ? `原因：${reason}` : null].filter(Boolean).join('；') || null
}

/** One region an import wrote (`{ name, codeYear, previous }`), or a whole file (`{ count }`, older events). */
function regionImportText(d: Record<string, unknown>): string | null {
  if (typeof d.count === 'number') return `共 ${d.count} 个地区`
  const name = text(d.name)
  if (!name) return null
  const previous =
    typeof d.previous === 'object' && d.previous !== null ? (d.previous as Record<string, unknown>) : null
  const was = previous ? text(previous.name) : null
  if (!previous) return `新增 ${name}`
  if (was && was !== name) return `${was} 改名为 ${name}`
  return `更新 ${name}`
}

/** Where it happened: the region's name, or 不限地区 for an event of no region (a sign-in). */
export function regionText(e: AuditEventDto): string {
  if (e.regionCode === null) return '不限地区'
  return regionName(e.regionCode, e.regionName) ?? '某地区'
}
