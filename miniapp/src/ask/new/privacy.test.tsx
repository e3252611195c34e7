import { act, fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import {
  AGREE_BUTTON_ID,
  installPrivacyAuthorization,
  resetPrivacyAuthorizationForTests,
} from '@/services/privacy-authorization'
import AskPage from './index'

jest.mock('@/utils/platform', () => ({ isH5: () => false }))

const D = buildDisclosure()

/**
 * docs/privacy.md, "Privacy APIs the mini-program calls": 添加照片 calls wx.chooseMedia, which WeChat holds for a
 * first-time user until they agree; the page must show the consent sheet (before, nothing answered and it hung).
 */
describe('AskPage in WeChat: the privacy consent of 添加照片', () => {
  beforeEach(() => {
    resetSession()
    resetPrivacyAuthorizationForTests()
    taroMock.onNeedPrivacyAuthorization.mockClear()
  })
  afterEach(() => __setRouterParams({}))

  it('should show the consent sheet for the photo and let the picker go on after 同意', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    fakeBff({ [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }) })
    installPrivacyAuthorization()
    const listener = taroMock.onNeedPrivacyAuthorization.mock.calls[0]?.[0] as (
      resolve: (r: { event: string; buttonId?: string }) => void,
      info: { referrer: string },
    ) => void
    // WeChat holds chooseMedia until the user agrees, then runs it.
    taroMock.chooseMedia.mockImplementation(
      () =>
        new Promise((done, fail) =>
          listener(
            (r) => {
              if (r.event === 'agree' && r.buttonId === AGREE_BUTTON_ID)
                done({ tempFiles: [{ tempFilePath: 'http://tmp/photo.jpg', size: 1000 }] })
              else if (r.event === 'disagree') fail(new Error('privacy permission is not authorized'))
            },
            { referrer: 'chooseMedia' },
          ),
        ),
    )
    const { container } = render(<AskPage />)
    await flush()
    await act(async () => {
      fireEvent.click(screen.getByText('添加照片'))
    })
    const sheet = container.querySelector('.cw-privacy-sheet')
    expect(sheet?.textContent).toContain('为了给留言添加照片')
    fireEvent.click(container.querySelector('.cw-privacy-sheet__agree') as Element)
    await flush()
    expect(container.querySelector('.cw-privacy-sheet')).toBeNull()
    expect(container.textContent).toContain('去掉第1张')
  })
})
