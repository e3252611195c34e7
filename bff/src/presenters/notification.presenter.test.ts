import { Types } from 'mongoose'
import { describe, expect, it } from 'vitest'
import type { InboxEntry } from '../models/InboxEntry.model'
import { presentInboxEntry } from './notification.presenter'

function buildEntry(body: string): InboxEntry {
  return {
    _id: new Types.ObjectId(),
    userId: new Types.ObjectId(),
    eventId: 'disclosure.published:6b16cda9c3dacfd54e6317c4:v2',
    eventType: 'disclosure.published',
    regionCode: '360999100200',
    title: '您家在《2026年10月低保名单公示》里的内容有变化',
    body,
    link: { page: 'pages/disclosure/index', query: { id: '6b16cda9c3dacfd54e6317c4' } },
    createdAt: new Date('2026-11-03T02:00:00Z'),
    readAt: null,
  }
}

describe('presentInboxEntry', () => {
  it('should give household notices stored before the wording change the words they have now (点开, not 登录后)', () => {
    // As noticeChangedHouseholds wrote them before 7083de4, and as it writes them now.
    const stored = [
      [
        '云溪村委会公布了《2026年10月低保名单公示》的新版本，您家的内容有变化。登录后打开就能看到。',
        '云溪村委会公布了《2026年10月低保名单公示》的新版本，您家的内容有变化，点开就能看到。',
      ],
      [
        '云溪村委会公布了《2026年10月低保名单公示》，其中有您家的内容。登录后打开就能看到。',
        '云溪村委会公布了《2026年10月低保名单公示》，其中有您家的内容，点开就能看到。',
      ],
    ]
    for (const [old, now] of stored) {
      expect(presentInboxEntry(buildEntry(old as string)).body).toBe(now)
      expect(presentInboxEntry(buildEntry(now as string)).body).toBe(now)
    }
  })

  it('should leave every other text as stored', () => {
    // A retraction's reason is the secretary's own words, even ending as the old notices did.
    for (const other of [
      '云溪村委会撤回了《2026年10月低保名单公示》，其中有您家的内容。撤回原因：登录后打开就能看到。有误',
      '云溪村委会撤回了《2026年10月低保名单公示》，其中有您家的内容。撤回原因：写错了，登录后打开就能看到。',
    ])
      expect(presentInboxEntry(buildEntry(other)).body).toBe(other)
  })
})
