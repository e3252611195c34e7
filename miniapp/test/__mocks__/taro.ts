// Stand-in for @tarojs/taro: APIs are jest.fn()s; page lifecycle hooks run as React effects.
import { useEffect } from 'react'

let routerParams: Record<string, string> = {}
const storage = new Map<string, unknown>()

/** Sets the query params the next rendered page receives through useRouter/useLoad. */
export function __setRouterParams(params: Record<string, string>): void {
  routerParams = params
}

/** Empties the fake Taro storage (call between tests that sign in). */
export function __clearStorage(): void {
  storage.clear()
}

/** Runs once after the first render, as Taro's onLoad does. */
export function useLoad(callback: (params: Record<string, string>) => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- onLoad fires once per page instance
  useEffect(() => callback(routerParams), [])
}

/** Runs once after the first render, as Taro's onShow does when a page opens. */
export function useDidShow(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the first onShow only; tests do not switch pages
  useEffect(() => callback(), [])
}

/** Returns the current page's route params. */
export function useRouter(): { params: Record<string, string>; path: string } {
  return { params: routerParams, path: '' }
}

const ok = (api: string) => () => Promise.resolve({ errMsg: `${api}:ok` })

const Taro = {
  request: jest.fn(),
  login: jest.fn(() => Promise.resolve({ code: 'wx-code', errMsg: 'login:ok' })),
  navigateTo: jest.fn(ok('navigateTo')),
  navigateBack: jest.fn(ok('navigateBack')),
  redirectTo: jest.fn(ok('redirectTo')),
  reLaunch: jest.fn(ok('reLaunch')),
  showToast: jest.fn(ok('showToast')),
  getCurrentPages: jest.fn((): unknown[] => []),
  uploadFile: jest.fn(),
  chooseMessageFile: jest.fn(),
  getFileSystemManager: jest.fn(),
  chooseMedia: jest.fn(),
  previewImage: jest.fn(ok('previewImage')),
  downloadFile: jest.fn(),
  openDocument: jest.fn(ok('openDocument')),
  setClipboardData: jest.fn(ok('setClipboardData')),
  makePhoneCall: jest.fn(ok('makePhoneCall')),
  createInnerAudioContext: jest.fn(),
  // WeChat's privacy authorization (services/privacy-authorization.ts) and saving one's own data.
  onNeedPrivacyAuthorization: jest.fn(),
  openPrivacyContract: jest.fn(ok('openPrivacyContract')),
  shareFileMessage: jest.fn(ok('shareFileMessage')),
  // Like WeChat: a missing key reads as ''.
  getStorageSync: jest.fn((key: string): unknown => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown) => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string) => {
    storage.delete(key)
  }),
}

/** Typed handle on the same object tests get from `import Taro from '@tarojs/taro'`. */
export const taroMock = Taro

export default Taro
