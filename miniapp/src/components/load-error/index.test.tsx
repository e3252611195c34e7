import { fireEvent, render } from '@testing-library/react'
import { ErrorCode } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { ApiError } from '@/services/request'
import { Routes } from '@/routes'
import { LoadErrorBox, LoadStateBox } from './index'

function button(container: HTMLElement, cls: string): HTMLElement | null {
  return container.querySelector(`.${cls}`)
}

describe('LoadErrorBox', () => {
  beforeEach(() => {
    taroMock.navigateTo.mockClear()
  })

  it('should say what went wrong and retry, without 去登录 when no sign-in is needed', () => {
    const onRetry = jest.fn()
    const { container } = render(
      <LoadErrorBox error={new ApiError(404, ErrorCode.NotFound, 'not found')} onRetry={onRetry} />,
    )
    expect(container.textContent).toContain('没有找到相关内容')
    expect(button(container, 'cw-state__sign-in')).toBeNull()
    fireEvent.click(button(container, 'cw-state__retry') as HTMLElement)
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('should offer 去登录 for a 401 and open the sign-in page, or the page given', () => {
    const expired = new ApiError(401, ErrorCode.TokenExpired, 'expired')
    const first = render(<LoadErrorBox error={expired} />)
    expect(first.container.textContent).toContain('登录已过期，请重新登录')
    expect(button(first.container, 'cw-state__retry')).toBeNull()
    fireEvent.click(button(first.container, 'cw-state__sign-in') as HTMLElement)
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: Routes.Login })

    const back = `${Routes.Login}?redirect=x`
    const second = render(<LoadErrorBox error={expired} title="看不了" signInUrl={back} />)
    expect(second.container.textContent).toContain('看不了')
    fireEvent.click(button(second.container, 'cw-state__sign-in') as HTMLElement)
    expect(taroMock.navigateTo).toHaveBeenLastCalledWith({ url: back })
  })
})

describe('LoadStateBox', () => {
  it('should show the loading box until the load fails, then the error with 重试', () => {
    const onRetry = jest.fn()
    for (const kind of ['idle', 'loading'] as const) {
      const { container } = render(<LoadStateBox state={{ kind }} onRetry={onRetry} />)
      expect(container.querySelector('.cw-state--loading')).not.toBeNull()
      expect(container.querySelector('.cw-state--error')).toBeNull()
    }
    const failed = render(
      <LoadStateBox
        state={{ kind: 'error', error: new ApiError(0, ErrorCode.NetworkError, '网络不通') }}
        onRetry={onRetry}
      />,
    )
    expect(failed.container.querySelector('.cw-state--loading')).toBeNull()
    expect(failed.container.textContent).toContain('网络不通')
    fireEvent.click(button(failed.container, 'cw-state__retry') as HTMLElement)
    expect(onRetry).toHaveBeenCalledTimes(1)
  })

  it('should say what is loading when told', () => {
    const { container } = render(<LoadStateBox state={{ kind: 'loading' }} loadingText="正在统计…" />)
    expect(container.textContent).toBe('正在统计…')
  })
})
