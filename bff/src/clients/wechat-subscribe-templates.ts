import type { NotificationTemplateDto } from '@cunwu/domain'
import type { Config } from '../config'

/** What a template announces. */
export type TemplatePurpose = NotificationTemplateDto['purpose']

/** A subscribe-message template the BFF sends, with the keys of its data as configured in the MP console. */
export interface TemplateDef {
  purpose: TemplatePurpose
  templateId: string
  /** Data keys, in the template's order (`thing1`, `date3`, …): the rules per key type follow from the names. */
  keys: readonly string[]
  kind: 'one_time' | 'long_term'
}

/** The templates in use, by purpose, plus a lookup by id. */
export interface NotificationTemplates {
  byPurpose: Readonly<Record<TemplatePurpose, TemplateDef>>
  byId(templateId: string): TemplateDef | undefined
  list(): TemplateDef[]
}

/**
 * The templates from configuration. Key layouts match the templates chosen in the MP console (and the
 * simulator's defaults); a template with other keys needs its layout and its rendering changed here and in
 * notifications.service.ts.
 */
export function notificationTemplates(config: Config): NotificationTemplates {
  const longTerm = new Set(config.WECHAT_LONG_TERM_TEMPLATES)
  const def = (purpose: TemplatePurpose, templateId: string, keys: string[]): TemplateDef => ({
    purpose,
    templateId,
    keys,
    kind: longTerm.has(templateId) ? 'long_term' : 'one_time',
  })
  const byPurpose = {
    // 村务公开提醒: 公开事项 / 村（社区）/ 公开日期 / 状态
    disclosure: def('disclosure', config.WECHAT_TEMPLATE_DISCLOSURE, [
      'thing1',
      'thing2',
      'date3',
      'phrase4',
    ]),
    // 办理进度通知: 编号 / 进度 / 时间 / 事项
    progress: def('progress', config.WECHAT_TEMPLATE_PROGRESS, [
      'character_string1',
      'phrase2',
      'time3',
      'thing4',
    ]),
    // 留言回复通知: 留言内容 / 回复内容 / 回复时间
    question: def('question', config.WECHAT_TEMPLATE_QUESTION, ['thing1', 'thing2', 'time3']),
  }
  const all = Object.values(byPurpose)
  return {
    byPurpose,
    byId: (templateId) => all.find((t) => t.templateId === templateId),
    list: () => [...all],
  }
}
