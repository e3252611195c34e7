import type { InboxEntryDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { resetSession, signIn } from '../../../test/support/render'
import { getInbox, getUnreadCount, markAllInboxRead, markInboxRead } from './notifications'

const entryId = '65f0000000000000000000f1'

function buildEntry(overrides: Partial<InboxEntryDto> = {}): InboxEntryDto {
  return {
    id: entryId,
    eventType: 'disclosure.published',
    regionCode: '360999100200',
    title: '新的村务公开：低保对象名单',
    body: '云溪村委会公开了「低保对象名单」，点击查看。',
    link: { page: 'pages/disclosure/index', query: { id: 'd1' }, path: 'pages/disclosure/index?id=d1' },
    createdAt: '2026-11-20T08:00:00.000Z',
    readAt: null,
    ...overrides,
  }
}

describe('inbox service', () => {
  beforeEach(() => {
    resetSession()
    signIn('villager')
  })

  it('should page the inbox with the previous page’s cursor and validate entries', async () => {
    const seen = fakeBff({
      'GET /api/v1/inbox': () => ({ status: 200, body: { entries: [buildEntry()], nextBefore: entryId } }),
    })
    taroMock.request.mockClear()
    const page = await getInbox({ before: entryId, limit: 20 })
    const urls: unknown[] = taroMock.request.mock.calls.map((c: unknown[]) => {
      const [opts] = c
      return typeof opts === 'object' && opts !== null && 'url' in opts ? opts.url : undefined
    })
    expect(page.entries[0]?.title).toContain('低保')
    expect(urls[0]).toBe(`/api/v1/inbox?before=${entryId}&limit=20`)
    expect(seen[0]?.authorization).toBe('Bearer access-villager')

    fakeBff({
      'GET /api/v1/inbox': () => ({ status: 200, body: { entries: [{ id: 'x' }], nextBefore: null } }),
    })
    await expect(getInbox()).rejects.toMatchObject({ code: 'network_error' })
  })

  it('should read the unread count, and mark one or all read', async () => {
    const seen = fakeBff({
      'GET /api/v1/inbox/unread-count': () => ({ status: 200, body: { count: 3 } }),
      [`POST /api/v1/inbox/${entryId}/read`]: () => ({ status: 204 }),
      'POST /api/v1/inbox/read-all': () => ({ status: 200, body: { updated: 2 } }),
    })
    await expect(getUnreadCount()).resolves.toBe(3)
    await expect(markInboxRead(entryId)).resolves.toBeUndefined()
    await expect(markAllInboxRead()).resolves.toBe(2)
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/inbox/unread-count',
      `POST /api/v1/inbox/${entryId}/read`,
      'POST /api/v1/inbox/read-all',
    ])
  })
})
