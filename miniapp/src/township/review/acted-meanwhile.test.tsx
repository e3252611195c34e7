import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ReviewPage from './index'
import { queuePage } from '../../../test/support/review-queue'

const grant = { role: 'township' as const, regionCode: '360999100000', regionName: '云溪镇' }
const draft = buildDisclosure({
  id: '65f0000000000000000000d3',
  status: 'pending_review',
  title: '八月低保名单',
  revision: 2,
})

describe('ReviewPage after a colleague decided first (tester p1, D9)', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: grant.regionCode })
  })

  it('should read the queue again and say so, instead of a bare refusal over the old card', async () => {
    let queue = [draft]
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      'GET /api/v1/regions/360999100000/review-queue': () => ({ status: 200, body: queuePage(queue) }),
      [`POST /api/v1/disclosures/${draft.id}/review`]: () =>
        apiError(409, 'invalid_transition', '该内容不在待审核状态'),
    })
    const { container } = render(<ReviewPage />)
    await flush()
    // A colleague approves it on another phone.
    queue = []
    fireEvent.click(screen.getByRole('button', { name: '通过并公开' }))
    await flush(5)
    expect(screen.getByRole('status').textContent).toBe(
      '刚刚已有人办理过这一条，没有按您看到的旧内容办理。下面已换成现在的状态，请看过后再办理。',
    )
    expect(container.textContent).not.toContain('八月低保名单')
    expect(container.textContent).not.toContain('该内容不在待审核状态')
    expect(screen.queryByRole('button', { name: '通过并公开' })).toBeNull()
  })
})
