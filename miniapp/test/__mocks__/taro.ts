// Stand-in for @tarojs/taro: APIs are jest.fn()s; page lifecycle hooks run as React effects.
import { useEffect } from 'react'

let routerParams: Record<string, string> = {}

/** Sets the query params the next rendered page receives through useRouter/useLoad. */
export function __setRouterParams(params: Record<string, string>): void {
  routerParams = params
}

/** Runs once after the first render, as Taro's onLoad does. */
export function useLoad(callback: (params: Record<string, string>) => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- onLoad fires once per page instance
  useEffect(() => callback(routerParams), [])
}

/** Returns the current page's route params. */
export function useRouter(): { params: Record<string, string>; path: string } {
  return { params: routerParams, path: '' }
}

const Taro = {
  request: jest.fn(),
  navigateTo: jest.fn(() => Promise.resolve({ errMsg: 'navigateTo:ok' })),
  navigateBack: jest.fn(() => Promise.resolve({ errMsg: 'navigateBack:ok' })),
  showToast: jest.fn(() => Promise.resolve({ errMsg: 'showToast:ok' })),
}

/** Typed handle on the same object tests get from `import Taro from '@tarojs/taro'`. */
export const taroMock = Taro

export default Taro
