/**
 * What each notification event says: the inbox title and text, the page it opens and the subscribe-message values
 * (docs/wechat.md, subscribe messages). The 编号 of the 办理进度 template (`character_string1`) is a reference the
 * reader can quote, in the characters WeChat allows there (≤ 32 digits, letters or symbols, no 汉字), never an
 * internal id: see `referenceOfPeriod`, `referenceOfNumber` and `NotificationsService.referenceOf`.
 */
import type { NotificationEvent } from '../models/notification-events'
import { NOTIFICATION_PAGES } from '../models/notification-events'
import { chineseDate, shanghaiDateOf } from '@cunwu/domain'
import type { RawValue } from '../clients/wechat-subscribe-values'
import type { TemplatePurpose } from '../clients/wechat-subscribe-templates'

const MONTHS_OF = {
  Q1: '01~03',
  Q2: '04~06',
  Q3: '07~09',
  Q4: '10~12',
  H1: '01~06',
  H2: '07~12',
} as const

/**
 * A disclosure period as a 编号 without letters: `2026-07` and `2026` as they are, a quarter or half year as its
 * months (`2026-Q1` → `2026-01~03`, `2026-H2` → `2026-07~12`), an immediate item's date as it is. Null when nothing
 * of it fits (the caller then uses a date).
 */
export function referenceOfPeriod(period: string): string | null {
  const match = /^(\d{4})-([QH][1-4])$/.exec(period)
  const months = match ? MONTHS_OF[match[2] as keyof typeof MONTHS_OF] : undefined
  const ref = match && months ? `${match[1]}-${months}` : period
  return /^[\x21-\x7e]{1,32}$/.test(ref) ? ref : null
}

/**
 * An information request's number (云溪镇〔2026〕依申请第1号) as a 编号: its year and sequence, `2026-1`. The 汉字 and
 * 〔〕 of the number are not allowed in a character_string value, so the number as written goes in the 事项 value.
 */
export function referenceOfNumber(number: string): string | null {
  const match = /〔(\d{4})〕[^第]*第(\d+)号/.exec(number)
  return match ? `${match[1]}-${match[2]}` : null
}

/** The number as written for a 20-character `thing` value: without the office's name when it is too long. */
function numberAsThing(number: string): string {
  if ([...number].length <= 20) return number
  const from = number.indexOf('〔')
  return from > 0 ? number.slice(from) : number
}

/** A date in China time as a 编号 (`2026-03-15`). */
export function referenceOfDate(at: Date | string): string {
  return typeof at === 'string' ? at : shanghaiDateOf(at)
}

/** What an event says: inbox text, link, template and its values. */
export interface Rendered {
  purpose: TemplatePurpose
  title: string
  body: string
  page: string
  query: Record<string, string>
  values: Record<string, RawValue>
}

/**
 * The inbox text, the link and the template values of an event (the same for every recipient). `office` is the
 * office of who decided a review outcome (乡镇 or 县里, `officeOf` of @cunwu/domain), null when not known.
 */
export function render(
  event: NotificationEvent,
  villageName: string,
  at: Date,
  reference: string,
  office: string | null = null,
): Rendered {
  const ref = reference
  switch (event.type) {
    case 'disclosure.published':
    case 'disclosure.updated': {
      const updated = event.type === 'disclosure.updated'
      return {
        purpose: 'disclosure',
        title: updated ? `公开内容有更新：${event.title}` : `新的村务公开：${event.title}`,
        body: event.changes
          ? `${villageName}更新了「${event.title}」。${event.changes}点击查看。`
          : `${villageName}${updated ? '更新了' : '公开了'}「${event.title}」，点击查看。`,
        page: NOTIFICATION_PAGES.disclosure,
        query: { id: event.disclosureId },
        values: {
          thing1: event.title,
          thing2: villageName,
          date3: at,
          phrase4: updated ? '已更新' : '已公示',
        },
      }
    }
    case 'disclosure.retracted':
      return {
        purpose: 'disclosure',
        title: `已撤回：${event.title}`,
        body: `${villageName}撤回了「${event.title}」。撤回原因：${event.reason}`,
        page: NOTIFICATION_PAGES.disclosure,
        query: { id: event.disclosureId },
        values: { thing1: event.title, thing2: villageName, date3: at, phrase4: '已撤回' },
      }
    case 'disclosure.returned':
      return {
        purpose: 'progress',
        title: `草稿被退回：${event.title}`,
        body: event.reason
          ? `${office ?? '乡镇或县里'}退回了「${event.title}」，原因：${event.reason}`
          : `${office ?? '乡镇或县里'}退回了「${event.title}」，请修改后重新提交。`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '已退回', time3: at, thing4: event.title },
      }
    case 'review.approved':
      return {
        purpose: 'progress',
        title: `审核通过：${event.title}`,
        body: `${office ?? '乡镇或县里'}已审核通过「${event.title}」。`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '已通过', time3: at, thing4: event.title },
      }
    case 'review.retracted':
      // A fellow secretary of the village holds no township or county grant: 村里.
      return {
        purpose: 'progress',
        title: `公开被撤回：${event.title}`,
        body: `${office ?? '村里'}撤回了您发布的「${event.title}」。撤回原因：${event.reason}`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '已撤回', time3: at, thing4: event.title },
      }
    case 'alignment.discrepancy':
      return {
        purpose: 'progress',
        title: `发现不一致：${event.title}`,
        body: event.detail
          ? `「${event.title}」与政府公开不一致：${event.detail}`
          : `「${event.title}」与政府公开不一致，请核对。`,
        page: NOTIFICATION_PAGES.alignment,
        query: { id: event.alignmentId },
        values: { character_string1: ref, phrase2: '有差异', time3: at, thing4: event.title },
      }
    case 'verification.requested':
      return {
        purpose: 'progress',
        title: `请核实：${event.title}`,
        body: `${villageName}的「${event.title}」需要乡镇核实。`,
        page: NOTIFICATION_PAGES.townshipVerify,
        query: { id: event.alignmentId },
        values: {
          character_string1: ref,
          phrase2: '待核实',
          time3: at,
          thing4: `${villageName}${event.title}`,
        },
      }
    case 'question.answered':
      return {
        purpose: 'question',
        title: `您的留言有回复：${event.title}`,
        body: event.answer,
        page: NOTIFICATION_PAGES.question,
        query: { id: event.questionId },
        values: { thing1: event.title, thing2: event.answer, time3: at },
      }
    case 'info_request.progress':
      return {
        purpose: 'progress',
        title: `政府信息公开申请${event.step}：${event.number}`,
        body: event.detail,
        page: NOTIFICATION_PAGES.infoRequest,
        query: { id: event.requestId },
        // 编号 carries the number's year and sequence (all character_string may hold); 事项 the number as written.
        values: {
          character_string1: ref,
          phrase2: event.step,
          time3: at,
          thing4: numberAsThing(event.number),
        },
      }
    case 'question.overdue':
      return {
        purpose: 'progress',
        title: `村民留言逾期未答复：${event.title}`,
        body: `${villageName}有一条关于「${event.title}」的村民留言，应在${chineseDate(event.dueDate)}前答复，至今未答复，请督办或直接答复。`,
        page: NOTIFICATION_PAGES.question,
        query: { id: event.questionId },
        values: {
          character_string1: ref,
          phrase2: '已逾期',
          time3: at,
          thing4: `${villageName}${event.title}`,
        },
      }
    case 'deadline.approaching':
      return {
        purpose: 'progress',
        title: `即将到期：${event.title}`,
        body: `「${event.title}」的公开期限快到了，请及时处理。`,
        page: NOTIFICATION_PAGES.catalogItem,
        query: { id: event.itemId },
        values: { character_string1: ref, phrase2: '将到期', time3: event.dueAt, thing4: event.title },
      }
    case 'correction.requested':
      return {
        purpose: 'progress',
        title: `村民申请更正信息：${event.name}`,
        body: `${event.name}申请${event.title}，请在“更正申请”里查看并处理。`,
        page: NOTIFICATION_PAGES.corrections,
        query: { village: event.villageCode },
        values: {
          character_string1: ref,
          phrase2: '待处理',
          time3: at,
          thing4: `${event.name}申请${event.title}`,
        },
      }
    case 'consultation.opened':
    case 'consultation.reminder': {
      const reminder = event.type === 'consultation.reminder'
      return {
        purpose: 'disclosure',
        title: reminder ? `征求意见即将截止：${event.title}` : `征求意见：${event.title}`,
        // A named vote says so before anyone answers (docs/consultations.md).
        body: reminder
          ? `「${event.title}」将于${event.deadlineText}截止，您还有意见没有提交${event.named ? '（记名表决）' : ''}，点击作答。`
          : `${villageName}就「${event.title}」征求意见${event.named ? '（记名表决：村里的工作人员能看到每个人选了什么）' : ''}，${event.deadlineText}截止，点击作答。`,
        page: NOTIFICATION_PAGES.consultation,
        query: { id: event.consultationId },
        values: {
          thing1: event.title,
          thing2: villageName,
          date3: event.deadline,
          phrase4: reminder ? '即将截止' : event.named ? '记名表决' : '征求意见',
        },
      }
    }
    case 'follows.merged': {
      // Plain words: what happened to the village, what became of the follows, and that its history stays.
      const when = chineseDate(event.retiredOn)
      const into = event.mergedIntoName ?? null
      const moved = event.mergedInto !== null && into !== null
      return {
        purpose: 'progress',
        title: moved ? `${villageName}已撤并，关注已转到${into}` : `${villageName}已撤并，关注已结束`,
        body: moved
          ? `${villageName}已于${when}撤并，并入${into}。您在${villageName}关注的${event.followed}项公开，已改为关注${into}的同样内容。${villageName}以前公开的内容仍然可以查看。`
          : `${villageName}已于${when}撤并${into ? `（并入${into}）` : ''}，不再单独公开，您对它的${event.followed}项关注已经结束。${villageName}以前公开的内容仍然可以查看${into ? `；加入${into}后，可以在那里重新关注` : ''}。`,
        page: NOTIFICATION_PAGES.subscriptions,
        query: {},
        values: {
          character_string1: ref,
          phrase2: moved ? '关注已转移' : '关注已结束',
          time3: at,
          thing4: `${villageName}撤并`,
        },
      }
    }
    case 'cross_check.confirmed':
      return {
        purpose: 'progress',
        title: `请更正：${event.title}`,
        body: `乡镇或县里核查发现问题，请更正「${event.title}」：${event.detail}`,
        page: NOTIFICATION_PAGES.secretaryDisclosure,
        query: { id: event.disclosureId },
        values: { character_string1: ref, phrase2: '待更正', time3: at, thing4: event.title },
      }
  }
}
