import { fireEvent, render, screen } from '@testing-library/react'
import {
  DEFAULT_PRIVACY_CONTACT,
  PRIVACY_POLICY_EFFECTIVE_DATE,
  PRIVACY_POLICY_VERSION,
  privacyPolicySections,
} from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { getSession } from '@/services/session'
import PrivacyPage from './index'

const policy = {
  version: PRIVACY_POLICY_VERSION,
  effectiveDate: PRIVACY_POLICY_EFFECTIVE_DATE,
  title: '村务通隐私政策',
  sections: privacyPolicySections(DEFAULT_PRIVACY_CONTACT),
  contact: DEFAULT_PRIVACY_CONTACT,
}
const notYet = {
  currentVersion: PRIVACY_POLICY_VERSION,
  acceptedVersion: null,
  acceptedAt: null,
  needsAcceptance: true,
}
const accepted = {
  currentVersion: PRIVACY_POLICY_VERSION,
  acceptedVersion: PRIVACY_POLICY_VERSION,
  acceptedAt: '2026-12-06T02:00:00.000Z',
  needsAcceptance: false,
}

describe('PrivacyPage', () => {
  beforeEach(() => {
    resetSession()
    taroMock.reLaunch.mockClear()
  })
  afterEach(() => __setRouterParams({}))

  it('should show the policy in plain Chinese to anyone, with no buttons when signed out', async () => {
    fakeBff({ 'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }) })
    const { container } = render(<PrivacyPage />)
    await flush()
    const headings = [...container.querySelectorAll('.cw-privacy__heading')].map((h) => h.textContent)
    expect(headings).toContain('我们收集哪些信息')
    expect(headings).toContain('有问题找谁')
    expect(container.textContent).toContain(DEFAULT_PRIVACY_CONTACT)
    expect(container.textContent).not.toMatch(/[A-Za-z]{2,}/)
    expect(container.querySelector('.cw-privacy__meta')?.textContent).toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日更新，当天起施行$/,
    )
    expect(container.textContent).not.toMatch(/版本|\d{4}\.\d+\.\d+/)
    expect(container.querySelector('.cw-privacy__accept')).toBeNull()
  })

  it('should ask at first sign-in, record the version accepted, then open the page asked for', async () => {
    signIn('first')
    __setRouterParams({ redirect: '/pages/related/index' })
    const seen = fakeBff({
      'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }),
      'GET /api/v1/me/privacy': () => ({ status: 200, body: notYet }),
      'POST /api/v1/me/privacy-consents': () => ({ status: 200, body: accepted }),
    })
    const { container } = render(<PrivacyPage />)
    await flush()
    expect(container.querySelector('.cw-privacy__ask')?.textContent).toContain('同意后才能使用')
    fireEvent.click(screen.getByText('同意并继续'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ version: PRIVACY_POLICY_VERSION })
    expect(taroMock.reLaunch).toHaveBeenCalledWith({ url: '/pages/related/index' })
  })

  it('should say the policy changed when an earlier version was accepted', async () => {
    signIn('returning')
    fakeBff({
      'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }),
      'GET /api/v1/me/privacy': () => ({
        status: 200,
        body: { ...notYet, acceptedVersion: '2025.1', acceptedAt: '2025-01-01T00:00:00.000Z' },
      }),
    })
    const { container } = render(<PrivacyPage />)
    await flush()
    expect(container.querySelector('.cw-privacy__ask')?.textContent).toContain('隐私政策有更新')
  })

  it('should sign the person out when they decline', async () => {
    signIn('decliner')
    fakeBff({
      'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }),
      'GET /api/v1/me/privacy': () => ({ status: 200, body: notYet }),
      'POST /api/v1/auth/logout': () => ({ status: 204 }),
    })
    render(<PrivacyPage />)
    await flush()
    fireEvent.click(screen.getByText('不同意，退出登录'))
    await flush()
    expect(getSession()).toBeNull()
    expect(taroMock.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('should show the error and stay when the policy changed meanwhile (409)', async () => {
    signIn('slow-reader')
    fakeBff({
      'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }),
      'GET /api/v1/me/privacy': () => ({ status: 200, body: notYet }),
      'POST /api/v1/me/privacy-consents': () =>
        apiError(409, 'privacy_policy_outdated', '隐私政策已经更新，请重新阅读后再同意'),
    })
    const { container } = render(<PrivacyPage />)
    await flush()
    fireEvent.click(screen.getByText('同意并继续'))
    await flush()
    expect(container.textContent).toContain('隐私政策已经更新')
    expect(taroMock.reLaunch).not.toHaveBeenCalled()
  })

  it('should show when it was accepted, without asking again', async () => {
    signIn('accepted')
    fakeBff({
      'GET /api/v1/privacy-policy': () => ({ status: 200, body: policy }),
      'GET /api/v1/me/privacy': () => ({ status: 200, body: accepted }),
    })
    const { container } = render(<PrivacyPage />)
    await flush()
    expect(container.querySelector('.cw-privacy__accept')).toBeNull()
    expect(container.querySelector('.cw-privacy__accepted')?.textContent).toContain('您已于')
  })
})
