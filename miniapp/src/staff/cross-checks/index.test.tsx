import { fireEvent, render, screen } from '@testing-library/react'
import type { CrossCheckFindingDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CrossChecksPage from './index'

const finding = (over: Partial<CrossCheckFindingDto>): CrossCheckFindingDto => ({
  id: '0123456789abcdef01234567',
  kind: 'above_standard',
  kindLabel: '超标准发放',
  catalogItemId: 'social-assistance.dibao.approval',
  period: '2027-01',
  villages: [{ code: '360999100200', name: '云溪村委会' }],
  rows: [
    {
      villageCode: '360999100200',
      villageName: '云溪村委会',
      catalogItemId: 'social-assistance.dibao.approval',
      disclosureId: '0123456789abcdef01234568',
      rowIndex: 50,
      cells: { name: '孙秋', household_size: 2, amount: 150000 },
    },
  ],
  explanation: '云溪村委会孙秋户2人，2027-01保障金额1,500.00元，超过低保标准680.00元×2人=1,360.00元。',
  status: 'open',
  confirmation: null,
  resolution: null,
  closedReason: null,
  firstSeenAt: '2027-01-05T00:00:00.000Z',
  lastSeenAt: '2027-01-05T00:00:00.000Z',
  ...over,
})

describe('CrossChecksPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: '360999100000', period: '2027-01' })
  })

  it('lists findings with their rows one tap away, refuses a resolve without a reason and confirms', async () => {
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': () => ({
        status: 200,
        body: { findings: [finding({})] },
      }),
      'POST /api/v1/cross-checks/0123456789abcdef01234567/confirm': () => ({
        status: 200,
        body: finding({ status: 'confirmed' }),
      }),
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.getByText(/超过低保标准680.00元/)).toBeTruthy()
    expect(screen.queryByText(/第51行/)).toBeNull()
    fireEvent.click(screen.getByText('查看名单行（1）'))
    expect(screen.getByText('云溪村委会 第51行')).toBeTruthy()
    expect(screen.getByText('姓名：孙秋，人数：2，金额：1500.00元')).toBeTruthy()
    fireEvent.click(screen.getByText('不是问题，说明情况'))
    expect(screen.getByText('请写明处理理由')).toBeTruthy()
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    expect(seen.some((r) => r.method === 'POST' && r.path.endsWith('/confirm'))).toBe(true)
  })
})
