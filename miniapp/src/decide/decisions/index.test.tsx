import { fireEvent, render, screen } from '@testing-library/react'
import type { DecisionDto } from '@cunwu/domain'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildDecision } from '../../../test/support/decide-builders'
import DecisionsPage from './index'

const V = '360999100200'

const decision = (n: number): DecisionDto =>
  buildDecision({ id: n.toString(16).padStart(24, '0'), villageCode: V, title: `第${n}件事` })

describe('DecisionsPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('villager')
  })

  it('shows the newest page and brings the next one on request', async () => {
    const region = buildRegion(V, '云溪村委会')
    const grant = { role: 'villager' as const, regionCode: V, regionName: region.name }
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`GET /api/v1/villages/${V}/decisions`]: (req) => {
        const offset = Number(req.query.offset ?? 0)
        const items = Array.from({ length: offset === 0 ? 50 : 7 }, (_, i) => decision(offset + i + 1))
        return {
          status: 200,
          body: {
            decisions: items,
            page: { offset, limit: 50, total: 57, nextOffset: offset === 0 ? 50 : null },
          },
        }
      },
    })
    render(<DecisionsPage />)
    await flush()
    expect(screen.getByText('第1件事')).toBeTruthy()
    expect(screen.queryByText('第51件事')).toBeNull()
    fireEvent.click(screen.getByText('再显示 7 件'))
    await flush()
    expect(screen.getByText('第57件事')).toBeTruthy()
    expect(screen.getAllByText(/^第\d+件事$/)).toHaveLength(57)
    expect(screen.queryByText(/再显示/)).toBeNull()
    const asked = seen.filter((r) => r.path.endsWith('/decisions'))
    expect(asked.map((r) => r.query.offset)).toEqual(['0', '50'])
  })

  it('keeps the page it has when the next page fails, and says so in Chinese', async () => {
    const grant = { role: 'villager' as const, regionCode: V, regionName: '云溪村委会' }
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
      [`GET /api/v1/villages/${V}/decisions`]: (req) =>
        req.query.offset === '0'
          ? {
              status: 200,
              body: {
                decisions: [decision(1)],
                page: { offset: 0, limit: 50, total: 60, nextOffset: 50 },
              },
            }
          : { status: 503, body: { error: { code: 'unavailable', message: '服务暂时不可用，请稍后再试' } } },
    })
    render(<DecisionsPage />)
    await flush()
    fireEvent.click(screen.getByText('再显示 50 件'))
    await flush()
    expect(screen.getByText('第1件事')).toBeTruthy()
    expect(screen.getByText(/稍后再试|重试/)).toBeTruthy()
    expect(screen.getByText('再显示 50 件')).toBeTruthy()
  })
})
