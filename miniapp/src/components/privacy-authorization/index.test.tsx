import { act, fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import {
  AGREE_BUTTON_ID,
  installPrivacyAuthorization,
  resetPrivacyAuthorizationForTests,
} from '@/services/privacy-authorization'
import { PrivacyAuthorizationSheet } from './index'

type Listener = (resolve: jest.Mock, info: { referrer: string }) => void

let mockH5 = false
jest.mock('@/utils/platform', () => ({ isH5: () => mockH5 }))

/** Installs the listener as in WeChat and returns what WeChat would call when a privacy API is used. */
function installInWechat(): Listener {
  mockH5 = false
  installPrivacyAuthorization()
  const calls = taroMock.onNeedPrivacyAuthorization.mock.calls
  const listener: unknown = calls[calls.length - 1]?.[0]
  if (typeof listener !== 'function') throw new Error('onNeedPrivacyAuthorization was not registered')
  return (resolve, info) => listener(resolve, info)
}

describe('PrivacyAuthorizationSheet', () => {
  beforeEach(() => {
    resetPrivacyAuthorizationForTests()
    taroMock.onNeedPrivacyAuthorization.mockClear()
  })

  it('should show nothing until WeChat holds a privacy API call', () => {
    installInWechat()
    const { container } = render(<PrivacyAuthorizationSheet />)
    expect(container.querySelector('.cw-privacy-sheet')).toBeNull()
  })

  it('should ask when chooseMessageFile is held, report the sheet shown, and let the call go on after 同意', () => {
    const fire = installInWechat()
    const { container } = render(<PrivacyAuthorizationSheet />)
    const resolve = jest.fn()
    act(() => fire(resolve, { referrer: 'chooseMessageFile' }))

    const sheet = container.querySelector('.cw-privacy-sheet')
    expect(sheet?.getAttribute('role')).toBe('dialog')
    expect(sheet?.textContent).toContain('从微信聊天里选择要导入的表格文件')
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })

    const agree = container.querySelector('.cw-privacy-sheet__agree')
    expect(agree?.getAttribute('id')).toBe(AGREE_BUTTON_ID)
    expect(agree?.getAttribute('data-open-type')).toBe('agreePrivacyAuthorization')
    fireEvent.click(agree as Element)
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID })
    expect(container.querySelector('.cw-privacy-sheet')).toBeNull()
  })

  it('should refuse the call on 不同意 and open the guide on request', () => {
    const fire = installInWechat()
    const { container } = render(<PrivacyAuthorizationSheet />)
    const resolve = jest.fn()
    act(() => fire(resolve, { referrer: 'chooseMessageFile' }))
    fireEvent.click(container.querySelector('.cw-privacy-sheet__link') as Element)
    expect(taroMock.openPrivacyContract).toHaveBeenCalled()
    fireEvent.click(container.querySelector('.cw-privacy-sheet__disagree') as Element)
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
    expect(container.querySelector('.cw-privacy-sheet')).toBeNull()
  })

  it('should register nothing in H5, where WeChat privacy APIs do not exist', () => {
    mockH5 = true
    installPrivacyAuthorization()
    expect(taroMock.onNeedPrivacyAuthorization).not.toHaveBeenCalled()
  })
})
