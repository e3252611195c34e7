import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../test/__mocks__/taro'
import { buildEditorDraft, editorBff, editorId, editorItem } from '../../test/support/disclosure-editor'
import { flush, resetSession } from '../../test/support/render'
import DisclosureEditPage from '../secretary/disclosure-edit'
import { readKeptDraft, writeKeptDraft } from './kept-drafts'
import { installOfflineCacheOwner } from './offline-owner'
import { clearSession, resetSessionForTests, saveTokens, signOut } from './session'

const ALICE = '64b0000000000000000000a1'
const BOB = '64b0000000000000000000b2'
const BODY = '用大白话写清楚这次公开的是什么'

/** An unsigned JWT-shaped token whose payload names `sub` (the phone only reads it). */
function signInAs(sub: string, n = 0): void {
  const payload = Buffer.from(JSON.stringify({ sub, sid: `s${n}` })).toString('base64url')
  saveTokens({
    accessToken: `eyJhbGciOiJIUzI1NiJ9.${payload}.sig${n}`,
    refreshToken: `refresh-${sub}-${n}-0123456789`,
    expiresIn: 86_400,
  })
}

/** Storage keys of typed text still on the phone. */
function keptKeys(): string[] {
  return taroMock.setStorageSync.mock.calls
    .map(([key]) => key as string)
    .filter((key) => key.startsWith('cw.formDraft.') && taroMock.getStorageSync(key) !== '')
}

/** Text typed on a shared phone belongs to the person who typed it (docs/miniapp.md, "Forms"). */
describe('text kept on the phone belongs to the person signed in', () => {
  let uninstall: () => void = () => undefined
  beforeEach(() => {
    resetSession()
    uninstall = installOfflineCacheOwner()
    signInAs(ALICE)
  })
  afterEach(() => uninstall())

  it('should forget all typed text at sign-out', async () => {
    taroMock.request.mockResolvedValueOnce({ statusCode: 204, data: '', header: {}, errMsg: 'ok' })
    writeKeptDraft('consult-new.360999100200', { title: '修路' })
    writeKeptDraft('decision-step.65f0000000000000000000d1', { form: { text: '村民代表会议' } })
    await signOut()
    expect(readKeptDraft('consult-new.360999100200')).toBeNull()
    expect(readKeptDraft('decision-step.65f0000000000000000000d1')).toBeNull()
    expect(keptKeys()).toEqual([])
  })

  it("should never show one person's typed text to another who signs in on the phone", () => {
    writeKeptDraft('consult-new.360999100200', { title: '修路' })
    signInAs(BOB)
    expect(readKeptDraft('consult-new.360999100200')).toBeNull()
    expect(keptKeys()).toEqual([])
  })

  it('should keep it for the same person across a token refresh and a restart of the app', () => {
    writeKeptDraft('consult-new.360999100200', { title: '修路' })
    signInAs(ALICE, 1)
    uninstall()
    resetSessionForTests()
    uninstall = installOfflineCacheOwner()
    expect(readKeptDraft('consult-new.360999100200')).toEqual({ title: '修路' })
  })

  it('should not put back in the editor what the previous person typed', async () => {
    editorBff([editorItem], {
      [`GET /api/v1/disclosures/${editorId}`]: () => ({
        status: 200,
        body: buildEditorDraft({ revision: 1 }),
      }),
    })
    __setRouterParams({ id: editorId })
    const alice = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '张三家的低保金额写错了' } })
    alice.unmount()

    clearSession()
    signInAs(BOB)
    const bob = render(<DisclosureEditPage />)
    await flush()
    expect(bob.container.textContent).not.toContain('已恢复')
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe(
      '本村低保标准为每人每月680元。',
    )
  })
})
