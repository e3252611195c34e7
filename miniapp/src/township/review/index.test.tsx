import { fireEvent, render, screen, within } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ReviewPage from './index'
import { queuePage } from '../../../test/support/review-queue'

const grant = { role: 'township' as const, regionCode: '360999100000', regionName: '云溪镇' }
const first = buildDisclosure({
  id: '65f0000000000000000000d1',
  status: 'pending_review',
  title: '七月低保名单',
  revision: 3,
})
const second = buildDisclosure({
  id: '65f0000000000000000000d2',
  status: 'pending_review',
  title: '七月财务收支',
  revision: 5,
})

describe('ReviewPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: grant.regionCode })
  })

  it('should return a draft only with a written reason, and publish another on 通过并公开', async () => {
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/regions/360999100000/review-queue': () => ({
        status: 200,
        body: queuePage([first, second]),
      }),
      [`POST /api/v1/disclosures/${first.id}/review`]: () => ({
        status: 200,
        body: { ...first, status: 'draft' },
      }),
      [`POST /api/v1/disclosures/${second.id}/review`]: () => ({
        status: 200,
        body: { ...second, status: 'published' },
      }),
    })
    const { container } = render(<ReviewPage />)
    await flush()
    const item = (title: string) => {
      const found = [...container.querySelectorAll<HTMLElement>('.cw-review__item')].find((el) =>
        el.textContent?.includes(title),
      )
      if (!found) throw new Error(`no item ${title}`)
      return within(found)
    }

    // An empty reason is stopped before any request.
    fireEvent.click(item('七月低保名单').getByRole('button', { name: '退回修改' }))
    fireEvent.click(item('七月低保名单').getByRole('button', { name: '确定退回' }))
    expect(item('七月低保名单').getByRole('alert').textContent).toContain('请写明退回原因')
    expect(seen.some((r) => r.path.endsWith('/review'))).toBe(false)
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()

    fireEvent.change(item('七月低保名单').getByRole('textbox', { name: '退回原因' }), {
      target: { value: '第 3 户金额不对' },
    })
    fireEvent.click(item('七月低保名单').getByRole('button', { name: '确定退回' }))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: `/api/v1/disclosures/${first.id}/review`,
      body: { decision: 'return', comment: '第 3 户金额不对', revision: 3 },
    })
    expect(screen.getByRole('status').textContent).toBe('已退回：七月低保名单')

    fireEvent.click(item('七月财务收支').getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      path: `/api/v1/disclosures/${second.id}/review`,
      body: { decision: 'approve', revision: 5 },
    })
    expect(screen.getByRole('status').textContent).toBe('已通过并公开：七月财务收支')
    expect(container.querySelectorAll('.cw-review__item')).toHaveLength(0)
    expect(container.textContent).toContain('没有等待审核的公开内容')
  })

  it('should not approve a draft the village changed since the page loaded it, show the new content, and name what it published', async () => {
    const seen3000 = { ...first, title: '重大事项乙：修路款3000元', revision: 2 }
    const now9000 = { ...first, title: '重大事项乙：修路款9000元', revision: 6 }
    let queueReads = 0
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/regions/360999100000/review-queue': () => ({
        status: 200,
        body: queuePage([queueReads++ === 0 ? seen3000 : now9000]),
      }),
      [`POST /api/v1/disclosures/${first.id}/review`]: (req) =>
        (req.body as { revision: number }).revision === 6
          ? { status: 200, body: { ...now9000, status: 'published' } }
          : apiError(
              409,
              'disclosure_stale',
              '这条内容在您打开后又改过，没有按旧内容审核。请看过最新内容后再审核',
              {
                revision: 6,
              },
            ),
    })
    const { container } = render(<ReviewPage />)
    await flush()
    expect(container.textContent).toContain('修路款3000元')

    // Returned by a colleague, changed to 9000 元 and sent again: the page's 3000 元 copy is not approved.
    fireEvent.click(screen.getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(seen.filter((r) => r.path.endsWith('/review'))).toMatchObject([
      { body: { decision: 'approve', revision: 2 } },
    ])
    expect(container.textContent).not.toContain('修路款3000元')
    expect(container.textContent).toContain('修路款9000元')
    expect(screen.getByRole('alert').textContent).toContain(
      '这条内容在您打开后村里又改过，没有审核。下面已换成最新内容',
    )
    expect(screen.queryByRole('status')).toBeNull()

    // Approved on what it now shows, the notice names what was published.
    fireEvent.click(screen.getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(seen.at(-1)).toMatchObject({ body: { decision: 'approve', revision: 6 } })
    expect(screen.getByRole('status').textContent).toBe('已通过并公开：重大事项乙：修路款9000元')
  })

  it('should say an approval is done when the first tap did it and only its answer was lost', async () => {
    let published = false
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/regions/360999100000/review-queue': () => ({
        status: 200,
        body: queuePage([second]),
      }),
      [`POST /api/v1/disclosures/${second.id}/review`]: () => {
        if (published) return apiError(409, 'invalid_transition', '该内容不在待审核状态')
        // The server publishes it; the answer arrives after the app's timeout.
        published = true
        throw new Error('request:fail timeout')
      },
      [`GET /api/v1/disclosures/${second.id}`]: () => ({
        status: 200,
        body: { ...second, status: published ? 'published' : 'pending_review' },
      }),
    })
    const { container } = render(<ReviewPage />)
    await flush()
    fireEvent.click(screen.getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(screen.getByRole('alert').textContent).toContain('网络太慢')

    // Tapped again, as the message says: not 没有办成, but done.
    fireEvent.click(screen.getByRole('button', { name: '通过并公开' }))
    await flush()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('status').textContent).toBe(
      '已通过并公开：七月财务收支（刚才那次已经办成，只是网络慢，回复晚到了）',
    )
    expect(container.querySelectorAll('.cw-review__item')).toHaveLength(0)
  })

  it('should say on the card that a draft was made in a retired village’s place, and by whom', async () => {
    const inPlace = buildDisclosure({
      ...second,
      regionCode: '360999100201',
      regionName: '枫林村委会',
      successor: { regionCode: '360999100200', name: '云溪村委会' },
    })
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/regions/360999100000/review-queue': () => ({
        status: 200,
        body: queuePage([first, inPlace]),
      }),
    })
    const { container } = render(<ReviewPage />)
    await flush()
    const [own, other] = [...container.querySelectorAll('.cw-review__item')].map((el) => el.textContent ?? '')
    expect(other).toContain('枫林村委会（已撤并，云溪村委会代为公开） · ')
    expect(own).not.toContain('代为公开')
  })
})
