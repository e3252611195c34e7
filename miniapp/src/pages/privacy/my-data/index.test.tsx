import { fireEvent, render, screen } from '@testing-library/react'
import type { MyDataDto } from '@cunwu/domain'
import { apiError, fakeBff } from '../../../../test/support/fake-bff'
import { doubleTap, flush, resetSession, signIn } from '../../../../test/support/render'
import { buildInfoRequest } from '../../../../test/support/ask-builders'
import MyDataPage from './index'

const V1 = '110101001001'
const data: MyDataDto = {
  exportedAt: '2026-12-06T03:00:00.000Z',
  account: { id: 'u1', displayName: '王建国', wechatId: 'oAbc…wxyz', createdAt: '2026-12-01T01:00:00.000Z' },
  roles: [{ role: 'villager', regionCode: V1, regionName: '东风村' }],
  memberships: [
    {
      id: 'm1',
      userId: 'u1',
      villageCode: V1,
      villageName: '东风村',
      name: '王建国',
      householdNo: '0012',
      status: 'approved',
      via: 'application',
      appliedAt: '2026-12-01T01:00:00.000Z',
    },
  ],
  proxies: [],
  privacyConsents: [{ policyVersion: '2026.12', acceptedAt: '2026-12-06T02:00:00.000Z' }],
  subscriptions: [],
  inbox: [],
  payments: [],
  householdRows: [],
  corrections: [],
  infoRequests: [buildInfoRequest()],
  sessions: [
    { createdAt: '2026-12-06T02:00:00.000Z', expiresAt: '2027-01-05T02:00:00.000Z', revoked: false },
  ],
}

describe('MyDataPage', () => {
  beforeEach(() => resetSession())

  it('should ask a signed-out person to sign in', () => {
    const { container } = render(<MyDataPage />)
    expect(container.textContent).toContain('登录后可以查看您的信息')
  })

  it('should show what is held, in Chinese', async () => {
    signIn('villager')
    fakeBff({ 'GET /api/v1/me/data': () => ({ status: 200, body: data }) })
    const { container } = render(<MyDataPage />)
    await flush()
    expect(container.querySelector('.cw-mydata__memberships')?.textContent).toContain(
      '王建国，户号 0012，已加入',
    )
    expect(container.querySelector('.cw-mydata__account')?.textContent).toContain('oAbc…wxyz')
    expect(container.querySelector('.cw-mydata__download')).not.toBeNull()
    // The information requests one filed (their identity is in the downloaded file).
    expect(container.querySelector('.cw-mydata__records')?.textContent).toContain('政府信息公开申请1 件')
  })

  it('should check the request before sending it, then send it to the village', async () => {
    signIn('villager')
    const seen = fakeBff({
      'GET /api/v1/me/data': () => ({ status: 200, body: data }),
      'POST /api/v1/me/data/corrections': () => ({
        status: 201,
        body: {
          id: 'c1',
          villageCode: V1,
          name: '王建国',
          kind: 'delete',
          target: '低保名单里的户号',
          text: '我家已不在低保名单上',
          status: 'open',
          createdAt: '2026-12-06T03:00:00.000Z',
        },
      }),
    })
    const { container } = render(<MyDataPage />)
    await flush()
    fireEvent.click(screen.getByText('送给村里处理'))
    await flush()
    expect(container.textContent).toContain('请写明是哪条信息')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)

    fireEvent.click(screen.getByText('申请删除'))
    fireEvent.change(screen.getByLabelText('是哪条信息'), { target: { value: '低保名单里的户号' } })
    fireEvent.change(screen.getByLabelText('要怎么改'), { target: { value: '我家已不在低保名单上' } })
    fireEvent.click(screen.getByText('送给村里处理'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      villageCode: V1,
      kind: 'delete',
      target: '低保名单里的户号',
      text: '我家已不在低保名单上',
    })
  })

  it('should show why the village did not take the request', async () => {
    signIn('villager')
    fakeBff({
      'GET /api/v1/me/data': () => ({ status: 200, body: data }),
      'POST /api/v1/me/data/corrections': () =>
        apiError(429, 'too_many_corrections', '您已有 10 条申请还在处理中，请等村里处理后再提'),
    })
    const { container } = render(<MyDataPage />)
    await flush()
    fireEvent.change(screen.getByLabelText('是哪条信息'), { target: { value: '户号' } })
    fireEvent.change(screen.getByLabelText('要怎么改'), { target: { value: '应为 0012' } })
    fireEvent.click(screen.getByText('送给村里处理'))
    await flush()
    expect(container.textContent).toContain('还在处理中')
  })

  it('should send one request for a double tap, and the same Idempotency-Key again when the answer was lost', async () => {
    signIn('villager')
    let lose = true
    const seen = fakeBff({
      'GET /api/v1/me/data': () => ({ status: 200, body: data }),
      'POST /api/v1/me/data/corrections': () => {
        // The village gets the request, but the answer never reaches the phone.
        if (lose) throw new Error('request:fail internetdisconnected')
        return {
          status: 201,
          body: {
            id: 'c1',
            villageCode: V1,
            name: '王建国',
            kind: 'correct',
            target: '户号',
            text: '应为 0012',
            status: 'open',
            createdAt: '2026-12-06T03:00:00.000Z',
          },
        }
      },
    })
    render(<MyDataPage />)
    await flush()
    fireEvent.change(screen.getByLabelText('是哪条信息'), { target: { value: '户号' } })
    fireEvent.change(screen.getByLabelText('要怎么改'), { target: { value: '应为 0012' } })
    doubleTap(screen.getByText('送给村里处理'))
    await flush()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const key = posts()[0]?.headers['Idempotency-Key']
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/)

    lose = false
    fireEvent.click(screen.getByText('送给村里处理'))
    await flush()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toBe(key)
  })
})
