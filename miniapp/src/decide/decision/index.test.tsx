import { fireEvent, render, screen } from '@testing-library/react'
import type { DecisionDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { Routes, pageUrl } from '@/routes'
import DecisionPage from './index'

const village = '360999100200'
const decisionId = '65f00000000000000000de01'
const resolutionId = '65f00000000000000000d501'

/** A decision that passed, its 决议公开 sent back by the township (a draft again). */
function returnedDecision(): DecisionDto {
  return {
    id: decisionId,
    villageCode: village,
    title: '村道硬化一事一议筹资',
    kind: 'fundraising',
    kindLabel: '一事一议筹资筹劳',
    description: '',
    status: 'passed',
    statusLabel: '已通过',
    steps: [],
    nextStep: null,
    resolutionDisclosure: { id: resolutionId, status: 'draft', title: '决议公开：村道硬化一事一议筹资' },
    resultsDisclosure: null,
    money: { raisedFen: 0, spentFen: 0, charges: [] },
    createdAt: '2026-11-02T02:00:00.000Z',
  }
}

function decisionBff(role: 'secretary' | 'villager') {
  const grant = { role, regionCode: village }
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) }),
    [`GET /api/v1/decisions/${decisionId}`]: () => ({ status: 200, body: returnedDecision() }),
    [`GET /api/v1/disclosures/${resolutionId}`]: () => ({
      status: 200,
      body: buildDisclosure({
        id: resolutionId,
        regionCode: village,
        status: 'draft',
        reviewComment: '请补充这笔钱的用途说明',
        reviewOffice: '乡镇',
      }),
    }),
  })
}

describe('DecisionPage', () => {
  beforeEach(() => {
    resetSession()
    taroMock.navigateTo.mockClear()
    __setRouterParams({ id: decisionId })
  })

  it('should show the secretary why the township returned the 决议公开 and open the draft', async () => {
    signIn('sec')
    decisionBff('secretary')
    const { container } = render(<DecisionPage />)
    await flush(5)
    expect(container.querySelector('.cw-decision__resolution-state')?.textContent).toBe('退回修改中')
    expect(container.querySelector('.cw-decision__review-comment')?.textContent).toBe(
      '乡镇退回意见：请补充这笔钱的用途说明',
    )
    fireEvent.click(screen.getByText('打开退回的草稿'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: pageUrl(Routes.SecretaryDisclosureEdit, { id: resolutionId }),
    })
  })

  it('should show a villager neither the comment nor the draft, and not ask for it', async () => {
    signIn('villager')
    const seen = decisionBff('villager')
    const { container } = render(<DecisionPage />)
    await flush(5)
    expect(container.querySelector('.cw-decision__resolution-state')?.textContent).toBe('退回修改中')
    expect(container.querySelector('.cw-decision__review-comment')).toBeNull()
    expect(screen.queryByText('打开退回的草稿')).toBeNull()
    expect(seen.some((r) => r.path.endsWith(`/disclosures/${resolutionId}`))).toBe(false)
  })
})
