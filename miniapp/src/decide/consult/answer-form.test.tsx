import { fireEvent, render, screen } from '@testing-library/react'
import type { ConsultationMineDto } from '@cunwu/domain'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildConsultation } from '../../../test/support/consult-builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { AnswerForm } from './answer-form'

const consultation = buildConsultation({
  questions: [
    { kind: 'single', text: '是否同意？', options: ['同意', '不同意'] },
    { kind: 'text', text: '其他想法' },
  ],
})
const self = { householdNo: '002', name: '李秀英', as: 'self' as const, answer: null, answeredByOther: false }
const proxied = {
  householdNo: '003',
  name: '张桂兰',
  as: 'proxy' as const,
  answer: null,
  answeredByOther: false,
}

describe('AnswerForm', () => {
  beforeEach(() => {
    resetSession()
    signIn('villager')
  })

  it('should answer for the person chosen by proxy, and say which question is missing first', async () => {
    const seen = fakeBff({
      [`POST /api/v1/consultations/${consultation.id}/answers`]: () => ({
        status: 201,
        body: { householdNo: '003', name: '张桂兰', via: 'proxy', replaced: false },
      }),
    })
    const saved = jest.fn()
    const entitlements: ConsultationMineDto['entitlements'] = [self, proxied]
    render(<AnswerForm consultation={consultation} entitlements={entitlements} onSaved={saved} />)
    fireEvent.click(screen.getByRole('radio', { name: '代 张桂兰 填写（户号 003）' }))
    fireEvent.click(screen.getByText('提交意见'))
    await flush()
    expect(screen.getByRole('alert').textContent).toBe('第 1 题还没有选')
    expect(seen).toHaveLength(0)

    fireEvent.click(screen.getByRole('radio', { name: '同意' }))
    fireEvent.click(screen.getByText('提交意见'))
    await flush()
    expect(seen[0]?.body).toEqual({
      onBehalfOf: { householdNo: '003', name: '张桂兰' },
      responses: [{ options: [0] }, { text: '' }],
      comment: '',
    })
    expect(saved).toHaveBeenCalledTimes(1)
    expect(
      screen.getByRole('radio', { name: '代 张桂兰 填写（户号 003）' }).getAttribute('aria-checked'),
    ).toBe('true')
  })

  it('should tell a household member that the head answers, with no form', () => {
    render(
      <AnswerForm
        consultation={{ ...consultation, unit: 'household' }}
        entitlements={[]}
        onSaved={jest.fn()}
      />,
    )
    expect(screen.getByText('这次按户征求意见，请由户主填写。')).toBeTruthy()
    expect(screen.queryByText('提交意见')).toBeNull()
  })

  it('should say before the answer, and again by the button, that a named vote shows staff what one chose', () => {
    render(
      <AnswerForm
        consultation={{ ...consultation, ballot: 'open' }}
        entitlements={[self]}
        onSaved={jest.fn()}
      />,
    )
    const notice = screen.getByText(/^这是记名表决：村里的工作人员能看到您选了什么/)
    const reminder = screen.getByText('记名表决：提交后，工作人员能看到您选了什么。')
    const submit = screen.getByText('提交意见')
    // Both come before the button in reading order, the notice before the first question.
    const follows = (a: Node, b: Node) =>
      (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
    expect(follows(notice, screen.getByText(/是否同意？/))).toBe(true)
    expect(follows(reminder, submit)).toBe(true)
    expect(screen.queryByText(/不记名/)).toBeNull()
  })

  it('should say a secret ballot hides the choices from staff, and that written answers are read unsigned after the close', () => {
    // Outside test report M1: the form promised 看不到…填了什么, while the open answers are read (unsigned) after the
    // deadline and may be printed in the result.
    render(<AnswerForm consultation={consultation} entitlements={[self]} onSaved={jest.fn()} />)
    const notice = screen.getByText(
      '这次不记名：工作人员只能看到谁参加了，看不到您选了什么。写字回答的题和“其他意见”都不署名：截止后，工作人员能看到写了什么，但不知道是谁写的，也可能在结果里公开。',
    )
    // Said before the first question, so before anyone answers.
    expect(
      notice.compareDocumentPosition(screen.getByText(/其他想法/)) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).not.toBe(0)
    expect(screen.queryByText(/填了什么/)).toBeNull()
    expect(screen.queryByText(/记名表决/)).toBeNull()
  })

  it('should not speak of written answers in a secret ballot that asks none', () => {
    render(<AnswerForm consultation={buildConsultation()} entitlements={[self]} onSaved={jest.fn()} />)
    expect(
      screen.getByText(
        '这次不记名：工作人员只能看到谁参加了，看不到您选了什么。“其他意见”不署名，截止后工作人员能看到，也可能在结果里公开。',
      ),
    ).toBeTruthy()
  })

  it('should say when someone else answered for this person, without what they chose', () => {
    render(
      <AnswerForm
        consultation={consultation}
        entitlements={[{ ...self, answeredByOther: true }]}
        onSaved={jest.fn()}
      />,
    )
    expect(
      screen.getByText(
        '替您代填的人已经填写过（看不到填了什么）。截止前您再填写，会替换那一份，以最后一次为准。',
      ),
    ).toBeTruthy()
  })
})
