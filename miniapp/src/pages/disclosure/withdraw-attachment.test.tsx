import { fireEvent, render, screen } from '@testing-library/react'
import type { RoleGrantDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { apiError, fakeBff, type FakeReply } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosurePage from './index'

const id = '65f0000000000000000000d1'
const fileId = '65f0000000000000000000f1'
const photo = {
  id: fileId,
  filename: '公示栏照片.jpg',
  contentType: 'image/jpeg',
  size: 200_000,
  url: `/api/v1/disclosures/${id}/attachments/${fileId}`,
}
const township: RoleGrantDto = { role: 'township', regionCode: '360999100000', regionName: '云溪镇' }
const REASON = '照片里能看到村民的身份证号'

/** The item page of a published version listing one photo, read by someone with `roles`; `withdraw` answers. */
function pageBff(roles: RoleGrantDto[], withdraw: () => FakeReply = () => ({ status: 200, body: {} })) {
  let withdrawn = false
  const seen = fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles, activeRole: roles[0] ?? null }) }),
    [`GET /api/v1/disclosures/${id}`]: () => ({
      status: 200,
      body: withdrawn
        ? buildDisclosure({
            withdrawnAttachments: [{ id: fileId, withdrawnAt: '2026-12-01T02:00:00.000Z', reason: REASON }],
          })
        : buildDisclosure({ attachments: [photo] }),
    }),
    [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    [`POST /api/v1/disclosures/${id}/attachments/${fileId}/withdraw`]: () => {
      const reply = withdraw()
      if (reply.status === 200) {
        withdrawn = true
        return { status: 200, body: { id: fileId, withdrawnAt: '2026-12-01T02:00:00.000Z', reason: REASON } }
      }
      if (reply.status === 409) withdrawn = true
      return reply
    },
  })
  return seen
}

async function openPage() {
  __setRouterParams({ id })
  const view = render(<DisclosurePage />)
  await flush(6)
  return view
}

/** 撤下附件 → the reason → 下一步 → the confirmation. */
function askToWithdraw() {
  fireEvent.click(screen.getByText('撤下附件'))
  fireEvent.change(screen.getByLabelText('撤下原因（村民会看到）'), { target: { value: REASON } })
  fireEvent.click(screen.getByText('下一步'))
}

describe('DisclosurePage: 撤下附件', () => {
  beforeEach(() => {
    resetSession()
    taroMock.showToast.mockClear()
  })

  it('should let the township above the village take a file down with a reason, after a confirmation', async () => {
    signIn()
    const seen = pageBff([township])
    const { container } = await openPage()
    fireEvent.click(screen.getByText('撤下附件'))
    // The reason is checked as the BFF checks it, before anything is asked.
    fireEvent.click(screen.getByText('下一步'))
    expect(screen.getByRole('alert').textContent).toBe('请写明撤下原因')
    fireEvent.change(screen.getByLabelText('撤下原因（村民会看到）'), { target: { value: REASON } })
    fireEvent.click(screen.getByText('下一步'))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('确定撤下“公示栏照片.jpg”？')
    expect(dialog.textContent).toContain('不能恢复')
    expect(dialog.textContent).toContain(REASON)
    expect(seen.some((r) => r.method === 'POST')).toBe(false)

    fireEvent.click(screen.getByText('确定撤下'))
    await flush(6)
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ reason: REASON })
    // The list as the server now has it: 附件已撤下 with the reason where the file was, and no dialog.
    expect(container.querySelector('.cw-disclosure__withdrawn')?.textContent).toBe(
      `附件已撤下原因：${REASON}`,
    )
    expect(container.querySelector('.cw-disclosure__attachment-name')?.textContent).toBe('附件已撤下')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.queryByText('撤下附件')).toBeNull()
    expect(taroMock.showToast).toHaveBeenCalledWith({ title: '已撤下', icon: 'success' })
  })

  it('should show a refusal in plain words in the dialog, and a file withdrawn meanwhile as withdrawn', async () => {
    signIn()
    let reply: FakeReply = apiError(422, 'minor_details', '撤下原因里不能写未成年人的信息')
    pageBff([{ role: 'secretary', regionCode: '360999100200', regionName: '云溪村委会' }], () => reply)
    const { container } = await openPage()
    askToWithdraw()
    fireEvent.click(screen.getByText('确定撤下'))
    await flush(6)
    expect(screen.getByRole('dialog').textContent).toContain('撤下原因里不能写未成年人的信息')

    reply = apiError(403, 'forbidden', 'forbidden')
    fireEvent.click(screen.getByText('确定撤下'))
    await flush(6)
    expect(screen.getByRole('dialog').textContent).toContain('您没有撤下这个附件的权限')
    expect(screen.getByRole('dialog').textContent).not.toMatch(/forbidden|403/)

    reply = apiError(409, 'invalid_transition', '这个附件已经撤下了')
    fireEvent.click(screen.getByText('确定撤下'))
    await flush(6)
    expect(taroMock.showToast).toHaveBeenCalledWith({ title: '这个附件已经撤下了', icon: 'none' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(container.querySelector('.cw-disclosure__withdrawn')).not.toBeNull()
  })

  it('should offer 撤下附件 to nobody else: a villager, staff of another township, someone signed out', async () => {
    for (const roles of [
      [{ role: 'villager', regionCode: '360999100200', regionName: '云溪村委会' }],
      [{ role: 'township', regionCode: '360999101000', regionName: '石门乡' }],
    ] satisfies RoleGrantDto[][]) {
      signIn()
      pageBff(roles)
      const { container, unmount } = await openPage()
      expect(container.querySelector('.cw-disclosure__attachment-name')?.textContent).toBe('公示栏照片.jpg')
      expect(screen.queryByText('撤下附件')).toBeNull()
      unmount()
    }
    resetSession()
    const seen = pageBff([township])
    await openPage()
    expect(screen.queryByText('撤下附件')).toBeNull()
    // A reader signed out is not asked for a profile.
    expect(seen.some((r) => r.path === '/api/v1/me')).toBe(false)
  })
})
