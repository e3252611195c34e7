import type { SimClock } from '../clock'
import { json, type Router, type SimResponse } from '../http/router'
import { isRecord, obj, parseJson, randomDigits, str } from '../util'
import { wxError } from './errors'
import type { TokenStore } from './tokens'
import type { UserRegistry } from './users'
import { checkValue, keyType } from './values'

/** A subscribe-message template as registered in the MP console. */
export interface SimTemplate {
  templateId: string
  title: string
  /** One-time templates need one accept per send; long-term ones one accept for ever. @default 'one_time' */
  kind?: 'one_time' | 'long_term'
  /** Data keys exactly as in the template, e.g. ['thing1', 'time2', 'phrase3']; their type is the prefix. */
  keys: string[]
  /** Allowed values of `enum*` keys. */
  enums?: Record<string, string[]>
  /** Restricts the template to one mini-program. @default every app */
  appid?: string
}

/** Templates the simulator knows when none are configured (village-affairs notices). */
export const DEFAULT_TEMPLATES: SimTemplate[] = [
  {
    templateId: 'tmpl_disclosure_published',
    title: '村务公开提醒',
    keys: ['thing1', 'thing2', 'date3', 'phrase4'],
  },
  { templateId: 'tmpl_question_replied', title: '留言回复通知', keys: ['thing1', 'thing2', 'time3'] },
  { templateId: 'tmpl_payment_reminder', title: '缴费提醒', keys: ['thing1', 'amount2', 'date3', 'thing4'] },
  { templateId: 'tmpl_consultation_started', title: '议事投票提醒', keys: ['thing1', 'date2', 'thing3'] },
  {
    templateId: 'tmpl_request_progress',
    title: '办理进度通知',
    kind: 'long_term',
    keys: ['character_string1', 'phrase2', 'time3', 'thing4'],
  },
]

/** A successfully sent message, as recorded for tests. */
export interface SentMessage {
  msgid: number
  appid: string
  touser: string
  userKey?: string
  templateId: string
  page?: string
  miniprogramState: string
  lang: string
  data: Record<string, string>
  at: number
}

/** A user's subscription to one template. */
export interface SubscriptionState {
  openid: string
  templateId: string
  /** Remaining one-time send credits. */
  credits: number
  longTerm: boolean
}

/** Options of the subscribe-message simulation. */
export interface SubscribePolicy {
  /** Allowed `page` paths (without query); undefined accepts any well-formed path. */
  pages?: string[]
}

const STATES = ['developer', 'trial', 'formal']
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW']

/** Simulates `cgi-bin/message/subscribe/send` with templates, per-user credits and value rules. */
export class SubscribeService {
  private readonly templates = new Map<string, SimTemplate>()
  private readonly subs = new Map<string, SubscriptionState>()
  private sent: SentMessage[] = []
  private readonly pages: Set<string> | undefined

  constructor(
    private readonly clock: SimClock,
    private readonly users: UserRegistry,
    private readonly tokens: TokenStore,
    templates: SimTemplate[] = DEFAULT_TEMPLATES,
    policy: SubscribePolicy = {},
  ) {
    for (const t of templates) this.templates.set(t.templateId, t)
    this.pages = policy.pages ? new Set(policy.pages.map((p) => p.replace(/^\//, ''))) : undefined
  }

  /** Adds or replaces a template. */
  upsertTemplate(t: SimTemplate): void {
    this.templates.set(t.templateId, t)
  }

  listTemplates(): SimTemplate[] {
    return [...this.templates.values()]
  }

  private template(appid: string, templateId: string): SimTemplate | undefined {
    const t = this.templates.get(templateId)
    return t && (t.appid === undefined || t.appid === appid) ? t : undefined
  }

  private state(openid: string, templateId: string): SubscriptionState {
    const key = `${openid}|${templateId}`
    let s = this.subs.get(key)
    if (!s) {
      s = { openid, templateId, credits: 0, longTerm: false }
      this.subs.set(key, s)
    }
    return s
  }

  /**
   * Simulates the user tapping "accept" in wx.requestSubscribeMessage: +count credits for a one-time
   * template (credits add up), or a standing subscription for a long-term one.
   */
  grant(openid: string, appid: string, templateId: string, count = 1): SubscriptionState {
    const t = this.template(appid, templateId)
    if (!t) throw new Error(`unknown template ${templateId}`)
    const s = this.state(openid, templateId)
    if (t.kind === 'long_term') s.longTerm = true
    else s.credits += count
    return { ...s }
  }

  /** Simulates the user switching the subscription off: credits drop to zero and long-term ends. */
  revoke(openid: string, templateId: string): SubscriptionState {
    const s = this.state(openid, templateId)
    s.credits = 0
    s.longTerm = false
    return { ...s }
  }

  /** Subscriptions of a user (by openid). */
  subscriptions(openid: string): SubscriptionState[] {
    return [...this.subs.values()].filter((s) => s.openid === openid).map((s) => ({ ...s }))
  }

  /** Sent messages, optionally filtered. */
  sentMessages(filter: { touser?: string; templateId?: string; userKey?: string } = {}): SentMessage[] {
    return this.sent.filter(
      (m) =>
        (filter.touser === undefined || m.touser === filter.touser) &&
        (filter.templateId === undefined || m.templateId === filter.templateId) &&
        (filter.userKey === undefined || m.userKey === filter.userKey),
    )
  }

  clearSent(): void {
    this.sent = []
  }

  /** Registers POST /cgi-bin/message/subscribe/send. */
  register(router: Router): void {
    router.add('POST', '/cgi-bin/message/subscribe/send', (req) => this.send(req.query, req.rawBody))
    router.add('GET', '/cgi-bin/message/subscribe/send', () => wxError(43002))
  }

  /** Handles one send: token, openid, template, values, page, then credit. */
  send(q: URLSearchParams, rawBody: string): SimResponse {
    const auth = this.tokens.check(q.get('access_token'))
    if ('error' in auth) return auth.error
    if (!rawBody.trim()) return wxError(44002)
    const body = parseJson(rawBody)
    if (!isRecord(body)) return wxError(47001)
    const touser = str(body, 'touser')
    const user = touser ? this.users.byOpenid(auth.appid, touser) : undefined
    if (!touser || !user) return wxError(40003)
    const templateId = str(body, 'template_id')
    const template = templateId ? this.template(auth.appid, templateId) : undefined
    if (!templateId || !template) return wxError(40037)
    const state = str(body, 'miniprogram_state') ?? 'formal'
    if (!STATES.includes(state)) return wxError(47003, 'argument invalid! miniprogram_state invalid')
    const lang = str(body, 'lang') ?? 'zh_CN'
    if (!LANGS.includes(lang)) return wxError(47003, 'argument invalid! lang invalid')
    const dataIn = obj(body, 'data') ?? {}
    const data: Record<string, string> = {}
    for (const key of template.keys) {
      const type = keyType(key)
      if (type === 'const') continue
      const entry = dataIn[key]
      const value = isRecord(entry) ? entry.value : undefined
      const problem = checkValue(type, value, template.enums?.[key])
      // The real errmsg really says "emtpy".
      if (problem === 'empty') return wxError(47003, `argument invalid! data.${key}.value is emtpy`)
      if (problem === 'invalid' || typeof value !== 'string') {
        return wxError(47003, `argument invalid! data.${key}.value invalid`)
      }
      data[key] = value
    }
    const page = body.page
    if (page !== undefined && !this.pageValid(page)) return wxError(41030)
    const sub = this.state(touser, templateId)
    if (template.kind === 'long_term') {
      if (!sub.longTerm) return wxError(43101)
    } else {
      if (sub.credits <= 0) return wxError(43101)
      sub.credits -= 1
    }
    // Real msgids exceed 2^53; the simulator stays within safe integers so they survive JSON.parse.
    const msgid = Number(`1${randomDigits(15)}`)
    const message: SentMessage = {
      msgid,
      appid: auth.appid,
      touser,
      userKey: user.userKey,
      templateId,
      miniprogramState: state,
      lang,
      data,
      at: this.clock.now(),
    }
    if (typeof page === 'string') message.page = page
    this.sent.push(message)
    return json(200, { errcode: 0, errmsg: 'ok', msgid })
  }

  private pageValid(page: unknown): boolean {
    if (typeof page !== 'string' || page === '') return false
    const path = (page.split('?')[0] ?? '').replace(/^\//, '')
    if (!/^[A-Za-z0-9_\-/.]+$/.test(path)) return false
    return this.pages === undefined || this.pages.has(path)
  }
}
