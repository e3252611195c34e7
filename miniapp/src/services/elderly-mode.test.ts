import { __clearStorage, taroMock } from '../../test/__mocks__/taro'
import {
  ELDERLY_CHOICE_KEY,
  isElderlyMode,
  onElderlyModeChange,
  setElderlyMode,
  shouldOfferElderlyMode,
} from './elderly-mode'

/** WeChat's font-size setting as weapp reports it through getAppBaseInfo (absent from the Taro stand-in). */
function wechatFontSize(px: number | undefined) {
  Object.assign(taroMock, { getAppBaseInfo: jest.fn(() => ({ language: 'zh_CN', fontSizeSetting: px })) })
}

describe('elderly mode', () => {
  beforeEach(() => {
    __clearStorage()
    wechatFontSize(undefined)
  })

  it('should follow WeChat’s large font setting until the person chooses', () => {
    wechatFontSize(17)
    expect(isElderlyMode()).toBe(false)
    wechatFontSize(23.8)
    expect(isElderlyMode()).toBe(true)
    setElderlyMode(false)
    expect(isElderlyMode()).toBe(false)
    expect(taroMock.getStorageSync(ELDERLY_CHOICE_KEY)).toBe('off')
  })

  it('should be off where the platform reports no font size', () => {
    expect(isElderlyMode()).toBe(false)
  })

  it('should offer the mode until a choice is made, and tell the pages when it switches', () => {
    expect(shouldOfferElderlyMode()).toBe(true)
    const seen: boolean[] = []
    const stop = onElderlyModeChange((on) => seen.push(on))
    setElderlyMode(true)
    stop()
    setElderlyMode(false)
    expect(seen).toEqual([true])
    expect(shouldOfferElderlyMode()).toBe(false)
  })
})
