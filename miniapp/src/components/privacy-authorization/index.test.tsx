import { act, fireEvent, render } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { PageRoot } from '@/components/page-root'
import {
  AGREE_BUTTON_ID,
  callPrivacyApi,
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
    expect(sheet?.textContent).toContain('从微信聊天里选择要上传的文件')
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

  it('should be on every page: a page root asks with what the call in flight is for', async () => {
    const fire = installInWechat()
    const { container } = render(<PageRoot>页面</PageRoot>)
    const resolve = jest.fn()
    let release: () => void = () => {}
    const call = callPrivacyApi('选择记账凭证', () => {
      // WeChat holds the chooseMedia/chooseMessageFile call and asks for consent while it waits.
      act(() => fire(resolve, { referrer: 'chooseMessageFile' }))
      return new Promise<void>((r) => (release = r))
    })
    expect(container.querySelector('.cw-privacy-sheet')?.textContent).toContain('为了选择记账凭证')
    expect(resolve).toHaveBeenCalledTimes(1)
    fireEvent.click(container.querySelector('.cw-privacy-sheet__agree') as Element)
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID })
    release()
    await call
  })

  it('should name chooseMedia, and refuse a held call at once when no sheet is on screen rather than hang', () => {
    const fire = installInWechat()
    const resolve = jest.fn()
    fire(resolve, { referrer: 'chooseMedia' })
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' })

    const { container } = render(<PrivacyAuthorizationSheet />)
    act(() => fire(jest.fn(), { referrer: 'chooseMedia' }))
    expect(container.querySelector('.cw-privacy-sheet')?.textContent).toContain(
      '从相册选择或拍摄要上传的照片',
    )
  })

  it('should register nothing in H5, where WeChat privacy APIs do not exist', () => {
    mockH5 = true
    installPrivacyAuthorization()
    expect(taroMock.onNeedPrivacyAuthorization).not.toHaveBeenCalled()
  })
})
