import { pagePath } from '@cunwu/domain'
import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import { outboxDocument, type OutboxDocumentInput } from './outbox.service'

function message(link: OutboxDocumentInput['link']) {
  return outboxDocument({
    eventId: 'e1',
    eventType: 'disclosure.published',
    userId: new Types.ObjectId(),
    regionCode: '360999001001',
    templateId: 'tmpl',
    link,
    data: { thing1: '低保名单' },
    dataError: null,
    now: new Date(0),
  })
}

describe('outboxDocument', () => {
  it("should give the page its link's query plus the message id as n, for every message of a shared link", () => {
    const links: OutboxDocumentInput['link'][] = [
      { page: 'pages/disclosure/index', query: { id: 'a b&c', v: '2' } },
      { page: 'pages/inbox/index', query: {} },
      // The link's own n gives way to the message id, where it stood.
      { page: 'pages/x/index', query: { n: 'old', z: '1' } },
    ]
    for (const link of links) {
      for (let i = 0; i < 3; i++) {
        const m = message(link)
        expect(m.page).toBe(pagePath(link.page, { ...link.query, n: m._id.toHexString() }))
      }
    }
    expect(message(links[1] as OutboxDocumentInput['link']).page).toMatch(
      /^pages\/inbox\/index\?n=[0-9a-f]{24}$/,
    )
  })
})
