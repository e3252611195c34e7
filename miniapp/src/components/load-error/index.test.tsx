import { fireEvent, render } from '@testing-library/react'
import { ErrorCode } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { ApiError } from '@/services/request'
import { MissingLinkPartError } from '@/utils/errors'
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

  it('should offer 回到首页 when what was asked for does not exist, and not when trying again may help', () => {
    taroMock.reLaunch.mockClear()
    const gone = [
      new ApiError(404, ErrorCode.NotFound, 'not found'),
      // A link whose village code cannot exist (?village=abc).
      new ApiError(400, ErrorCode.ValidationError, 'params.code: 区划代码应为12位数字', {
        'params.code': '区划代码应为12位数字',
      }),
      // A shared link cut before its ?id=.
      new MissingLinkPartError('id'),
    ]
    for (const error of gone) {
      const { container, unmount } = render(<LoadErrorBox error={error} onRetry={jest.fn()} />)
      fireEvent.click(button(container, 'cw-state__home') as HTMLElement)
      expect(taroMock.reLaunch).toHaveBeenLastCalledWith({ url: Routes.Home })
      unmount()
    }
    expect(taroMock.reLaunch).toHaveBeenCalledTimes(3)
    for (const error of [
      new ApiError(503, ErrorCode.ServiceUnavailable, 'down'),
      new ApiError(0, ErrorCode.NetworkError, '网络连接失败，请检查网络后再试'),
      new ApiError(400, ErrorCode.ValidationError, 'body.text: 最多 500 个字', {
        'body.text': '最多 500 个字',
      }),
    ]) {
      const { container, unmount } = render(<LoadErrorBox error={error} onRetry={jest.fn()} />)
      expect(button(container, 'cw-state__home')).toBeNull()
      expect(button(container, 'cw-state__retry')).not.toBeNull()
      unmount()
    }
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
