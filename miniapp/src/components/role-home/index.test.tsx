import { fireEvent, render, screen } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { RoleHome } from './index'

const TOWNSHIP = '360999100000'
const township = { role: 'township' as const, regionCode: TOWNSHIP, regionName: '云溪镇' }

describe('RoleHome', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
  })

  it('should show township staff their work and villages, with no word about features to come', async () => {
    fakeBff({
      [`GET /api/v1/regions/${TOWNSHIP}/children`]: () => ({
        status: 200,
        body: { regions: [buildRegion('360999100200', '云溪村委会')] },
      }),
    })
    const { container } = render(<RoleHome me={buildMe({ roles: [township], activeRole: township })} />)
    await flush()
    expect(container.textContent).toContain('审核村务公开')
    expect(container.textContent).toContain('云溪村委会')
    expect(container.textContent).not.toContain('建设中')
  })

  it("should find a village by part of its name and open the officer's view of it, not the villagers' catalog", async () => {
    fakeBff({
      [`GET /api/v1/regions/${TOWNSHIP}/children`]: () => ({
        status: 200,
        body: {
          regions: [
            buildRegion('360999100200', '云溪村委会'),
            buildRegion('360999100201', '枫林村委会'),
            buildRegion('360999100202', '枫林新村村委会'),
          ],
        },
      }),
    })
    render(<RoleHome me={buildMe({ roles: [township], activeRole: township })} />)
    await flush()
    // Each village is a link (a tab stop and Enter in H5, utils/h5-button-role.ts) named by the village.
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual([
      '云溪村委会',
      '枫林村委会',
      '枫林新村村委会',
    ])
    fireEvent.change(screen.getByRole('textbox', { name: '找下辖的乡镇或村：输入名称中的字' }), {
      target: { value: ' 枫林 ' },
    })
    expect(screen.getAllByRole('link').map((l) => l.textContent)).toEqual(['枫林村委会', '枫林新村村委会'])
    expect(screen.getByRole('status').textContent).toBe('找到 2 个')
    fireEvent.click(screen.getByRole('link', { name: '枫林新村村委会' }))
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({
      url: '/staff/compliance/index?region=360999100202',
    })
    fireEvent.change(screen.getByRole('textbox'), { target: { value: '石门' } })
    expect(screen.queryAllByRole('link')).toEqual([])
    expect(screen.getByText('没有名称含“石门”的乡镇或村')).toBeTruthy()
  })
})
