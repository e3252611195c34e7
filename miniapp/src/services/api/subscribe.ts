// Asking WeChat for permission to send subscribe messages, and recording the answer with the BFF. The one place
// where the platforms differ: WeChat shows its own prompt (wx.requestSubscribeMessage); the H5 build has none, so
// the BFF's WeChat simulator stands in for it through a development route.
import Taro from '@tarojs/taro'
import {
  SubscribeDecisionSchema,
  type NotificationTemplateDto,
  type SubscribeDecision,
  type SubscriptionsDto,
} from '@cunwu/domain'
import { ApiError, request } from '@/services/request'
import { createSubscription } from '@/services/api/notifications'
import { isH5 } from '@/utils/platform'

/** Template id → the user's decision, as `wx.requestSubscribeMessage` reports it. */
export type SubscribeResults = Record<string, SubscribeDecision>

/** What to follow: a catalog domain (e.g. `social-assistance` 社会救助) or one catalog item. */
export type SubscribeTarget = { category: string } | { itemId: string }

/** WeChat asks about at most three templates at once. */
export const MAX_TEMPLATES = 3

/** The H5 stand-in for the WeChat prompt (see {@link askSubscribeDecisions}), served by the BFF with the simulator. */
export const DEV_SUBSCRIBE_PATH = '/api/v1/dev/subscribe-message'

/**
 * The template ids to ask about for some purposes: at most three, all of one kind, because WeChat refuses to
 * mix one-time and long-term templates in one prompt.
 */
export function pickTemplateIds(
  templates: NotificationTemplateDto[],
  purposes: NotificationTemplateDto['purpose'][] = ['disclosure'],
): string[] {
  const wanted = templates.filter((t) => purposes.includes(t.purpose))
  const kind = wanted[0]?.kind
  return wanted
    .filter((t) => t.kind === kind)
    .slice(0, MAX_TEMPLATES)
    .map((t) => t.templateId)
}

function readDecisions(answer: unknown, templateIds: string[]): SubscribeResults {
  const results: SubscribeResults = {}
  const record: Record<string, unknown> = typeof answer === 'object' && answer !== null ? { ...answer } : {}
  for (const id of templateIds) {
    const decision = SubscribeDecisionSchema.safeParse(record[id])
    // WeChat leaves out ids it did not show (e.g. a template switched off in the console): count them as refused.
    results[id] = decision.success ? decision.data : 'reject'
  }
  return results
}

async function askInBrowser(templateIds: string[]): Promise<SubscribeResults> {
  try {
    // Answers like wx.requestSubscribeMessage and, on accept, gives the simulator's user the send credits.
    const answer = await request(DEV_SUBSCRIBE_PATH, { method: 'POST', body: { templateIds } })
    return readDecisions(answer, templateIds)
  } catch (err) {
    // No development route (the BFF talks to the real WeChat): tapping 订阅 is the user's consent, so it counts as an accept.
    // The simulator then holds no credit unless a test grants it, and its sends are skipped as 43101.
    if (err instanceof ApiError && err.status === 404)
      return readDecisions(acceptAll(templateIds), templateIds)
    throw err
  }
}

function acceptAll(templateIds: string[]): SubscribeResults {
  return Object.fromEntries(templateIds.map((id) => [id, 'accept' as const]))
}

/**
 * Asks the user whether the app may send these templates (WeChat: its own prompt, which must be opened from a
 * tap, so call this first in the tap handler; H5: the simulator stand-in). Resolves with a decision per id.
 */
export async function askSubscribeDecisions(templateIds: string[]): Promise<SubscribeResults> {
  const ids = templateIds.slice(0, MAX_TEMPLATES)
  if (ids.length === 0) return {}
  if (isH5()) return askInBrowser(ids)
  const answer = await Taro.requestSubscribeMessage({ tmplIds: ids, entityIds: [] })
  return readDecisions(answer, ids)
}

/**
 * Follows a category or item: asks for the send permission, then records the answer and the target with the
 * BFF (the subscription counts even when the user declines the WeChat messages: the inbox still gets them).
 */
export async function subscribe(
  target: SubscribeTarget,
  templateIds: string[],
  villageCode?: string,
): Promise<{ results: SubscribeResults; subscriptions: SubscriptionsDto }> {
  // The BFF needs at least one answer, so without a configured template there is nothing to ask or record.
  if (templateIds.length === 0) throw new ApiError(0, 'no_template', '暂时无法订阅，请稍后再试')
  const results = await askSubscribeDecisions(templateIds)
  const subscriptions = await createSubscription({
    ...target,
    ...(villageCode ? { villageCode } : {}),
    results,
    // Names this answer: if the request is sent again (e.g. after signing in anew), its credits count once.
    requestId: newRequestId(),
  })
  return { results, subscriptions }
}

/** A fresh id for one answer of the prompt (8–64 letters, digits, _ or -). */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12).padEnd(10, '0')}`
}

/** Whether the user allowed at least one message (else only the inbox will show news). */
export function allowedAny(results: SubscribeResults): boolean {
  return Object.values(results).some((d) => d === 'accept' || d === 'acceptWithAudio')
}

/** What the page says after a subscription, depending on whether WeChat messages were allowed. */
export function subscribedText(allowed: boolean): string {
  return allowed ? '已订阅，有新的公开会提醒您' : '已订阅。您没有允许微信提醒，新消息会放在“消息”里'
}

/** The reminders WeChat still allows for some templates: a count of one-time sends, or long-term (unlimited). */
export interface RemindersLeft {
  count: number
  unlimited: boolean
}

/** What is left of the user's WeChat reminders for the templates a 订阅 asks about. */
export function remindersLeft(mine: SubscriptionsDto, templateIds: string[]): RemindersLeft {
  const credits = mine.credits.filter((c) => templateIds.includes(c.templateId))
  return {
    count: credits.reduce((sum, c) => sum + c.credits, 0),
    unlimited: credits.some((c) => c.unlimited),
  }
}

/**
 * The reminders left, said plainly with the reason: WeChat's one-time subscribe messages allow one message per
 * 允许 (docs/wechat.md, subscribe messages), so the count goes down with each reminder and up with each 订阅.
 */
export function remindersText(left: RemindersLeft): string {
  if (left.unlimited) return '微信提醒：您已允许长期提醒，有更新都会提醒您。'
  const why = '微信规定：每点一次“允许”，只能给您发一次提醒。'
  if (left.count > 0) return `微信还能提醒您 ${left.count} 次。${why}用完后，再点一次订阅并允许就行。`
  return `微信提醒的次数用完了。${why}想再收到微信提醒，请再点一次订阅并允许。新消息都会放在“消息”里。`
}

/**
 * Whether the user already follows what a 订阅 button is for: the item itself, or (given) the item's category, in
 * the village (given) or any.
 */
export function followedBy(
  mine: SubscriptionsDto,
  target: SubscribeTarget,
  options: { villageCode?: string | undefined; category?: string | undefined } = {},
): 'item' | 'category' | null {
  const inVillage = mine.subscriptions.filter(
    (s) => !options.villageCode || s.villageCode === options.villageCode,
  )
  const category = 'category' in target ? target.category : options.category
  if ('itemId' in target && inVillage.some((s) => s.kind === 'item' && s.targetId === target.itemId))
    return 'item'
  if (category && inVillage.some((s) => s.kind === 'category' && s.targetId === category)) return 'category'
  return null
}
