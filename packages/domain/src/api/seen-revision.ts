import { z } from 'zod'

/**
 * The `revision` of a record as the officer's page loaded it (an alignment, a cross-village finding, a draft under
 * review): an action is written only on that revision, so of two officers acting on what they both saw the second
 * gets 409, and a record changed since the page loaded it is not acted on unseen. Required: a page from before it was
 * sent is refused (400) with a message asking to open it again and then `action` (再核验, 再处理, 再审核). The one
 * rule for all three; a secretary's optional revision of a draft they edit is `DisclosureRevisionSchema`.
 */
export function seenRevisionSchema(action: string, min: number) {
  return z
    .number({ error: `页面版本过旧，请关闭后重新打开小程序（或刷新网页）${action}` })
    .int()
    .min(min)
}
