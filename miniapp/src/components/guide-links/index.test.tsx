import { fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { GuideLinks } from './index'

describe('GuideLinks', () => {
  it('should link a 低保 list to 怎么申请低保 for its village', () => {
    const { container, getByText } = render(
      <GuideLinks catalogItemId="social-assistance.dibao.approval" regionCode="360999101001" />,
    )
    expect(container.textContent).toBe('怎么申请低保')
    fireEvent.click(getByText('怎么申请低保'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: '/guides/detail/index?id=dibao&code=360999101001',
    })
  })

  it('should show nothing for items without a guide', () => {
    const { container } = render(
      <GuideLinks catalogItemId="village-finance.income" regionCode="360999101001" />,
    )
    expect(container.textContent).toBe('')
  })
})
