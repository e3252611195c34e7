import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../test/__mocks__/taro'
import { buildEditorDraft, editorBff, editorId, editorItem } from '../../test/support/disclosure-editor'
import { flush, personTokens, resetSession, signInAs } from '../../test/support/render'
import DisclosureEditPage from '../secretary/disclosure-edit'
import { clearAllKeptDrafts, readKeptDraft, writeKeptDraft } from './kept-drafts'
import { installOfflineCacheOwner } from './offline-owner'
import { clearSession, resetSessionForTests, signOut } from './session'

const ALICE = '64b0000000000000000000a1'
const BOB = '64b0000000000000000000b2'
const BODY = '用大白话写清楚这次公开的是什么'

/** Storage keys of typed text still on the phone. */
function keptKeys(): string[] {
  return taroMock.setStorageSync.mock.calls
    .map(([key]) => key as string)
    .filter((key) => key.startsWith('cw.formDraft.') && taroMock.getStorageSync(key) !== '')
}

/** What the kept entries hold, as one text. */
function keptTexts(): string {
  return keptKeys()
    .map((key) => JSON.stringify(taroMock.getStorageSync(key)))
    .join('\n')
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

  it('should keep nothing for a page whose person another tab signed out, nor show it to the one signed in there', async () => {
    editorBff([editorItem], {})
    __setRouterParams({ itemId: editorItem.id, period: '2026-05' })
    // Tab A: 陈 types in a new draft.
    const tabA = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '陈书记在A页签打的字' } })
    expect(keptTexts()).toContain('陈书记在A页签打的字')

    // Tab B of the same browser signs out (its page forgets what was kept) and 赵 signs in; tab A's page still holds
    // 陈's tokens in memory, and keeps typing.
    taroMock.removeStorageSync('cw.session')
    clearAllKeptDrafts()
    const bob = personTokens(BOB)
    taroMock.setStorageSync('cw.session', { ...bob, expiresAt: Date.now() + bob.expiresIn * 1000 })
    fireEvent.change(screen.getByPlaceholderText(BODY), {
      target: { value: '陈书记在A页签打的字，继续写：李四家' },
    })
    await flush()
    expect(keptTexts()).not.toContain('陈书记')
    tabA.unmount()

    // Tab B: 赵 opens the same item and period.
    uninstall()
    resetSessionForTests()
    uninstall = installOfflineCacheOwner()
    const tabB = render(<DisclosureEditPage />)
    await flush()
    expect(tabB.container.textContent).not.toContain('已恢复')
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('')
  })
})
