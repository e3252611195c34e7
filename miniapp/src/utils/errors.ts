import { ErrorCode } from '@cunwu/domain'
import { ApiError } from '@/services/request'

const TEXT_BY_CODE: Record<string, string> = {
  [ErrorCode.Forbidden]: '无权查看',
  [ErrorCode.NotFound]: '没有找到相关内容',
  [ErrorCode.Unauthorized]: '请先登录',
  [ErrorCode.TokenExpired]: '登录已过期，请重新登录',
  [ErrorCode.TokenInvalid]: '登录已失效，请重新登录',
  [ErrorCode.SessionRevoked]: '已退出登录，请重新登录',
  [ErrorCode.RefreshTokenInvalid]: '登录已过期，请重新登录',
  [ErrorCode.RefreshTokenReused]: '登录已失效，请重新登录',
  [ErrorCode.TooManyRequests]: '操作太频繁，请稍后再试',
  [ErrorCode.WechatRateLimited]: '登录太频繁，请稍后再试',
}

const HAS_CHINESE = /[\u4e00-\u9fff]/
/**
 * Validation details about the address the page called, which the person never typed: a path part (a record's
 * id, a village's code) or a region code in the query, all taken from the link that opened the page. Their
 * checks speak to staff and developers (区划代码结构无效：上级部分为0时…); a villager who opened a broken link is
 * told so in plain words.
 */
const LINK_FIELD = /^(params\.|query\.(regionCode|villageCode|code)$)/
/** What a person is told when the link that opened the page names something that cannot exist. */
export const LINK_ERROR_TEXT = '链接不对，请回到列表重新打开'
/**
 * Thrown by a page whose address lacks what it must name (`?id=` cut off a shared link): told as
 * {@link LINK_ERROR_TEXT}, with 回到首页, like an id the server refuses.
 */
export class MissingLinkPartError extends Error {
  constructor(part: string) {
    super(`the page's address has no ${part}`)
    this.name = 'MissingLinkPartError'
  }
}
/** How the BFF's validation message starts: the field it names (`body.name: 请填写姓名`). */
const FIELD_PREFIX = /^[\w.[\]-]+: /

/**
 * Turns any failure into a short Chinese sentence for the page: our own wording for well-known codes, the
 * server's message when it is written for users (Chinese), otherwise a general one.
 */
export function errorText(err: unknown): string {
  if (err instanceof MissingLinkPartError) return LINK_ERROR_TEXT
  if (!(err instanceof ApiError)) return '出了点问题，请稍后再试'
  if (err.code === ErrorCode.NetworkError) return err.message
  const known = TEXT_BY_CODE[err.code]
  if (known) return known
  // A validation error's message names the fields (`body.name: 请填写姓名`); villagers get the checks' words alone.
  if (err.code === ErrorCode.ValidationError) {
    if (fromLinkOnly(err.details)) return LINK_ERROR_TEXT
    const words = fieldMessages(err.details)
    if (words.length > 0) return words.join('；')
    // A page's own check (no details, its sentence as the message); the server's message names fields instead.
    if (HAS_CHINESE.test(err.message) && !FIELD_PREFIX.test(err.message)) return err.message
    // A check without words of its own: what was sent was wrong, the service is not down.
    return '填写或打开的内容有误，请检查后再试'
  }
  if (HAS_CHINESE.test(err.message)) return err.message
  return '服务暂时不可用，请稍后再试'
}

/** Whether every field a validation error names is part of the address the page called (see LINK_FIELD). */
function fromLinkOnly(details: unknown): boolean {
  if (typeof details !== 'object' || details === null) return false
  const fields = Object.keys(details)
  return fields.length > 0 && fields.every((f) => LINK_FIELD.test(f))
}

/** The distinct Chinese messages of a validation error's details (`{ field: message }`), in order. */
function fieldMessages(details: unknown): string[] {
  if (typeof details !== 'object' || details === null) return []
  const words = Object.values(details).filter(
    (m): m is string => typeof m === 'string' && HAS_CHINESE.test(m),
  )
  return [...new Set(words)]
}

/**
 * Whether what the page asked for does not exist, so trying again cannot help: a 404, or a link whose id or code
 * cannot name anything (a stale notice-board code, a link cut short in a chat).
 */
export function isGone(err: unknown): boolean {
  if (err instanceof MissingLinkPartError) return true
  if (!(err instanceof ApiError)) return false
  return err.status === 404 || (err.code === ErrorCode.ValidationError && fromLinkOnly(err.details))
}

/** Whether the failure means the user must sign in (again). */
export function needsSignIn(err: unknown): boolean {
  return err instanceof ApiError && err.status === 401
}
