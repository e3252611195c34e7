import { fireEvent, render, screen, within } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildTownshipCompliance } from '../../../test/support/alignment-builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CompliancePage from './index'

describe('CompliancePage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: '360999100000', period: '2026' })
  })

  it('should colour the villages by health, draw the counts and drill down on a tap', async () => {
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/compliance': () => ({ status: 200, body: buildTownshipCompliance() }),
    })
    const { container } = render(<CompliancePage />)
    await flush()
    const tiles = [...container.querySelectorAll('.cw-compliance__tile')]
    expect(tiles.map((t) => t.getAttribute('data-health'))).toEqual(['red', 'amber'])
    expect(tiles[0]?.className).toContain('cw-compliance__tile--red')
    const bars = within(screen.getByRole('list', { name: '对照结果统计' })).getAllByRole('listitem')
    expect(bars.find((row) => row.textContent?.startsWith('有差异'))?.textContent).toBe('有差异1')
    expect(seen[0]?.path).toBe('/api/v1/regions/360999100000/compliance')

    fireEvent.click(tiles[0] as Element)
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: '/staff/compliance/index?region=360999100200&period=2026',
    })
  })
})
