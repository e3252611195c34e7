import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildQuestion } from '../../../test/support/ask-builders'
import QuestionPage from './index'

const D = buildDisclosure()
const reply = (text: string) => ({ text, by: 'secretary' as const, at: '2026-12-07T02:00:00.000Z' })
const CHILD = buildQuestion({
  status: 'not_upheld',
  text: '我孙子王小明今年8岁，在云溪小学读二年级',
  reply: reply('孙子王小明8岁在读，名单无误。'),
})
const PLAIN = buildQuestion({ status: 'answered', text: '第3行人数不对', reply: reply('已核实。') })
const secretary = buildMe({
  roles: [{ role: 'secretary', regionCode: CHILD.villageCode, regionName: '云溪村' }],
})
const township = buildMe({ roles: [{ role: 'township', regionCode: '360999100000', regionName: '云溪镇' }] })

function open(q: typeof CHILD, me = secretary, more: Parameters<typeof fakeBff>[0] = {}) {
  signIn('secretary')
  __setRouterParams({ id: q.id })
  return fakeBff({
    [`GET /api/v1/questions/${q.id}`]: () => ({ status: 200, body: q }),
    'GET /api/v1/me': () => ({ status: 200, body: me }),
    [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
    ...more,
  })
}
const typeInto = (container: HTMLElement, selector: string, value: string) =>
  fireEvent.input(container.querySelector(selector) as Element, { target: { value } })

describe('publishing a Q&A from the thread page', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should warn of a child’s details and publish the public wording the secretary rewrote', async () => {
    const seen = open(CHILD, secretary, {
      [`POST /api/v1/questions/${CHILD.id}/publish`]: () => ({
        status: 200,
        body: { ...CHILD, public: true },
      }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    const warning = container.querySelector('.cw-question__minor-warning')?.textContent ?? ''
    expect(warning).toContain('未成年人')
    expect(warning).toContain('“孙子”')
    expect(warning).not.toMatch(/[A-Za-z]/)
    // The wording starts as typed, to be rewritten.
    const text = container.querySelector('.cw-question__public-text') as HTMLTextAreaElement
    expect(text.value).toBe(CHILD.text)
    typeInto(container, '.cw-question__public-text', '我家的低保不该取消，家里有困难。')
    typeInto(container, '.cw-question__public-reply', '经核实，名单无误。')
    fireEvent.click(screen.getByText('村民已同意，公开问答'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      askerConsented: true,
      publicText: '我家的低保不该取消，家里有困难。',
      publicReply: '经核实，名单无误。',
    })
    expect(container.textContent).toContain('这条问答已公开')
  })

  it('should open the wording when the server finds a minor’s details the phone did not, and say so', async () => {
    open(PLAIN, secretary, {
      [`POST /api/v1/questions/${PLAIN.id}/publish`]: () =>
        apiError(422, 'minor_details', '问题的文字里可能有未成年人的信息（“孙子”）'),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    expect(container.querySelector('.cw-question__minor-warning')).toBeNull()
    expect(container.querySelector('.cw-question__public-text')).toBeNull()
    fireEvent.click(screen.getByText('村民已同意，公开问答'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('未成年人的信息')
    expect(container.querySelector('.cw-question__public-text')).not.toBeNull()
  })

  it('should send no wording when nothing was rewritten', async () => {
    const seen = open(PLAIN, secretary, {
      [`POST /api/v1/questions/${PLAIN.id}/publish`]: () => ({
        status: 200,
        body: { ...PLAIN, public: true },
      }),
    })
    render(<QuestionPage />)
    await flush(5)
    fireEvent.click(screen.getByText('村民已同意，公开问答'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ askerConsented: true })
  })

  it('should let the township withdraw a public Q&A with a reason (撤回公开)', async () => {
    const shown = { ...PLAIN, public: true, publicWording: { text: '公开的问法', reply: null } }
    const seen = open(shown, township, {
      [`POST /api/v1/questions/${PLAIN.id}/unpublish`]: () => ({
        status: 200,
        body: { ...PLAIN, public: false },
      }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    expect(container.textContent).toContain('公开的问题：公开的问法')
    fireEvent.click(screen.getByText('撤回公开'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('请写明撤回的原因')
    typeInto(container, '.cw-question__unpublish-reason', '答复里有孩子的信息')
    fireEvent.click(screen.getByText('撤回公开'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ reason: '答复里有孩子的信息' })
    expect(container.textContent).not.toContain('这条问答已公开')
  })
})
