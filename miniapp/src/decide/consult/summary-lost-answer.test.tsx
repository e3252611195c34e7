import { fireEvent, render, screen } from '@testing-library/react'
import type { ConsultationDto, ConsultationParticipantsDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildMe } from '../../../test/support/builders'
import { buildConsultation } from '../../../test/support/consult-builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import ConsultPage from './index'

const secretary = { role: 'secretary' as const, regionCode: '360999100200' }
const participants: ConsultationParticipantsDto = {
  ballot: 'secret',
  participants: [],
  comments: [],
  openAnswers: [],
  textsHeld: 0,
}
const summaryId = 'd'.repeat(24)

/** The consultation page of a closed consultation whose summary the BFF files when `file` is called. */
function consultBff(post: (file: () => void) => ReturnType<typeof apiError> | never) {
  let stored: ConsultationDto = buildConsultation({ status: 'closed', closed: true })
  const file = () => (stored = { ...stored, summaryDisclosureId: summaryId })
  const seen = fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
    [`GET /api/v1/consultations/${stored.id}`]: () => ({ status: 200, body: stored }),
    [`GET /api/v1/consultations/${stored.id}/mine`]: () => ({ status: 200, body: { entitlements: [] } }),
    [`GET /api/v1/consultations/${stored.id}/participants`]: () => ({ status: 200, body: participants }),
    [`POST /api/v1/consultations/${stored.id}/summary`]: () => post(file),
  })
  __setRouterParams({ id: stored.id })
  return seen
}

async function writeAndSend(text: string) {
  fireEvent.change(screen.getByRole('textbox', { name: '村里决定怎么办' }), { target: { value: text } })
  fireEvent.click(screen.getByText('交乡镇审核后公开'))
  await flush()
}

/** The summary changed and sent again after a lost answer is refused; the page shows the filed one (tester r1, N2). */
describe('ConsultPage, the summary tapped again with changed text after a lost answer', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('should read the consultation again and say the earlier tap filed it, not show 结果已经提交公布 over the form', async () => {
    let posts = 0
    consultBff((file) => {
      posts += 1
      if (posts === 1) {
        // Filed; the answer arrives after the app's timeout.
        file()
        throw new Error('request:fail timeout')
      }
      return apiError(409, 'invalid_transition', '结果已经提交公布')
    })
    const { container } = render(<ConsultPage />)
    await flush()
    await writeAndSend('每周六早上收')
    expect(screen.getByRole('alert').textContent).toContain('网络太慢')

    await writeAndSend('每周六早上收。')
    expect(container.textContent).not.toContain('结果已经提交公布')
    expect(screen.queryByText('交乡镇审核后公开')).toBeNull()
    expect(screen.getByRole('status').textContent).toContain('结果已经交乡镇审核了：刚才那次已经办成')
    expect(container.textContent).toContain('结果已写成公开内容（乡镇审核后公开）')
  })

  it('should show the summary a colleague filed meanwhile with the one line for that', async () => {
    consultBff((file) => {
      file()
      return apiError(409, 'invalid_transition', '结果已经提交公布')
    })
    const { container } = render(<ConsultPage />)
    await flush()
    await writeAndSend('每周六早上收')
    expect(container.textContent).not.toContain('结果已经提交公布')
    expect(screen.queryByText('交乡镇审核后公开')).toBeNull()
    expect(screen.getByRole('status').textContent).toContain('刚刚已有人办理过这一条')
    expect(container.textContent).toContain('结果已写成公开内容（乡镇审核后公开）')
  })
})
