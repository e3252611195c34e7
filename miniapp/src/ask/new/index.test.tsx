import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { doubleTap, flush, resetSession, signIn } from '../../../test/support/render'
import { buildQuestion } from '../../../test/support/ask-builders'
import AskPage from './index'

const D = buildDisclosure()

/** The BFF of the disclosure D, taking a question on it. */
const askBff = () =>
  fakeBff({
    [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
    [`POST /api/v1/disclosures/${D.id}/questions`]: () => ({
      status: 201,
      body: buildQuestion({ mine: true }),
    }),
  })

describe('AskPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should object to the row it was opened on, showing that row, and open the new thread', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id, row: '2' })
    const seen = askBff()
    const { container } = render(<AskPage />)
    await flush()
    expect(container.querySelector('.cw-ask-new__preview')?.textContent).toBe('第2行：李秀英 · 0.29 元')
    fireEvent.click(screen.getByText('我认为有错'))
    fireEvent.input(container.querySelector('.cw-ask-new__text') as Element, {
      target: { value: '金额应为290元' },
    })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    const post = seen.find((r) => r.method === 'POST')
    expect(post?.body).toEqual({ kind: 'objection', text: '金额应为290元', rowRef: 2 })
    expect(taroMock.redirectTo).toHaveBeenCalledWith({
      url: `/ask/question/index?id=${buildQuestion().id}&created=1`,
    })
  })

  it('should list a chosen photo by its number, not by the file name WeChat gives it', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    fakeBff({ [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }) })
    const chooseMedia = jest.fn(async () => ({
      tempFiles: [{ tempFilePath: 'wxfile://tmp_8c1d2e3f4a5b6c7d.jpg', size: 120_000 }],
    }))
    Object.assign(taroMock, { chooseMedia })
    const { container } = render(<AskPage />)
    await flush()
    fireEvent.click(screen.getByText('添加照片'))
    await flush()
    expect(chooseMedia).toHaveBeenCalled()
    const line = container.querySelector('.cw-ask-new__photo')?.textContent ?? ''
    expect(line).toContain('第1张照片已选好')
    expect(line).not.toMatch(/tmp_|jpg|wxfile/)
    expect(line).not.toMatch(/[A-Za-z]/)
  })

  it('should ask WeChat for the reply reminder before sending the question, record the answer, and ask even when refused', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    const templates = [
      { templateId: 'tmpl_disclosure_published', purpose: 'disclosure', kind: 'one_time' },
      { templateId: 'tmpl_question_replied', purpose: 'question', kind: 'one_time' },
    ]
    const order: string[] = []
    const requestSubscribeMessage = jest.fn(async () => {
      order.push('prompt')
      return { errMsg: 'requestSubscribeMessage:ok', tmpl_question_replied: 'accept' }
    })
    Object.assign(taroMock, { requestSubscribeMessage })
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      'GET /api/v1/subscriptions': () => ({
        status: 200,
        body: { subscriptions: [], credits: [], templates },
      }),
      'POST /api/v1/subscriptions': () => {
        order.push('record')
        return { status: 201, body: { subscriptions: [], credits: [], templates } }
      },
      [`POST /api/v1/disclosures/${D.id}/questions`]: () => {
        order.push('question')
        return { status: 201, body: buildQuestion({ mine: true }) }
      },
    })
    const { container } = render(<AskPage />)
    await flush()
    fireEvent.input(container.querySelector('.cw-ask-new__text') as Element, {
      target: { value: '什么时候发？' },
    })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(requestSubscribeMessage).toHaveBeenCalledWith({
      tmplIds: ['tmpl_question_replied'],
      entityIds: [],
    })
    expect(order).toEqual(['prompt', 'record', 'question'])
    const recorded = seen.find((r) => r.method === 'POST' && r.path.endsWith('/api/v1/subscriptions'))
    expect(recorded?.body).toMatchObject({ results: { tmpl_question_replied: 'accept' } })

    // The villager closes the prompt (WeChat fails the call): the question is still sent, nothing recorded.
    order.length = 0
    requestSubscribeMessage.mockImplementationOnce(async () => {
      order.push('prompt')
      throw { errMsg: 'requestSubscribeMessage:fail cancel' }
    })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(order).toEqual(['prompt', 'question'])
  })

  it('should refuse a row the table does not have and show the server refusal in plain words', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      [`POST /api/v1/disclosures/${D.id}/questions`]: () =>
        apiError(422, 'content_risky', '留言含有不适合发布的内容，请修改后再提交'),
    })
    const { container } = render(<AskPage />)
    await flush()
    const text = container.querySelector('.cw-ask-new__text') as Element
    fireEvent.input(text, { target: { value: '请问' } })
    fireEvent.input(container.querySelector('.cw-ask-new__row') as Element, { target: { value: '9' } })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('没有第9行')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
    fireEvent.input(container.querySelector('.cw-ask-new__row') as Element, { target: { value: '' } })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('不适合发布')
  })

  it('should send one question for a double tap, and the same idempotency key again when the answer was lost', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    let lose = true
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      [`POST /api/v1/disclosures/${D.id}/questions`]: () => {
        // The server files it, but the answer never reaches the phone.
        if (lose) throw new Error('request:fail internetdisconnected')
        return { status: 201, body: buildQuestion({ mine: true }) }
      },
    })
    const { container } = render(<AskPage />)
    await flush()
    fireEvent.input(container.querySelector('.cw-ask-new__text') as Element, {
      target: { value: '什么时候发？' },
    })
    doubleTap(screen.getByText('提交'))
    await flush()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const key = posts()[0]?.headers['Idempotency-Key']
    expect(key).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(screen.getByRole('alert').textContent).toContain('网络')

    lose = false
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toBe(key)
    expect(taroMock.redirectTo).toHaveBeenCalled()
  })
  it('should say a newer version exists and send the question about it, opened on an old version', async () => {
    signIn('villager')
    const old = buildDisclosure({ id: '65f0000000000000000000d0', status: 'superseded', version: 1 })
    const current = buildDisclosure({ id: D.id, status: 'published', version: 3 })
    __setRouterParams({ disclosure: old.id, row: '2' })
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${old.id}`]: () => ({ status: 200, body: old }),
      [`GET /api/v1/disclosures/${old.id}/versions`]: () => ({
        status: 200,
        body: {
          versions: [3, 2, 1].map((version) => ({
            id: version === 3 ? current.id : `65f000000000000000000${version}d0`,
            version,
            status: version === 3 ? 'published' : 'superseded',
            changeNote: null,
            publishedAt: null,
            changes: [],
          })),
        },
      }),
      [`GET /api/v1/disclosures/${current.id}`]: () => ({ status: 200, body: current }),
      [`POST /api/v1/disclosures/${current.id}/questions`]: () => ({
        status: 201,
        body: buildQuestion({ mine: true }),
      }),
    })
    const { container } = render(<AskPage />)
    await flush(5)
    const notice = container.querySelector('.cw-ask-new__newer')?.textContent ?? ''
    expect(notice).toContain('第1版')
    expect(notice).toContain('第3版')
    // The old version's row number is not carried over: the villager picks it on the new table.
    expect((container.querySelector('.cw-ask-new__row') as HTMLInputElement).value).toBe('')
    fireEvent.input(container.querySelector('.cw-ask-new__text') as Element, {
      target: { value: '金额不对' },
    })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.path).toBe(`/api/v1/disclosures/${current.id}/questions`)
  })

  it('should offer 去登录 to a signed-out villager and give back the typed words after signing in', async () => {
    __setRouterParams({ disclosure: D.id })
    const seen = fakeBff({ [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }) })
    const first = render(<AskPage />)
    await flush()
    fireEvent.click(screen.getByText('我认为有错'))
    fireEvent.input(first.container.querySelector('.cw-ask-new__text') as Element, {
      target: { value: '第2行金额不对' },
    })
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
    expect(screen.getByRole('alert').textContent).toContain('请先登录再提交')
    fireEvent.click(screen.getByText('去登录'))
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: `/pages/login/index?redirect=${encodeURIComponent(`/ask/new/index?disclosure=${D.id}`)}`,
    })
    first.unmount()

    // The sign-in page relaunches the app on the form: the words and the choice are there again.
    signIn('villager')
    const again = render(<AskPage />)
    await flush()
    expect((again.container.querySelector('.cw-ask-new__text') as HTMLTextAreaElement).value).toBe(
      '第2行金额不对',
    )
    expect(screen.getByText('我认为有错').getAttribute('aria-checked')).toBe('true')
  })

  it('should count the question as the server does, cut nothing typed with emoji, and send nothing too long', async () => {
    signIn('villager')
    __setRouterParams({ disclosure: D.id })
    const seen = askBff()
    const { container } = render(<AskPage />)
    await flush()
    const box = container.querySelector('.cw-ask-new__text') as HTMLTextAreaElement
    const count = () => container.querySelector('.cw-ask-new__count')?.textContent
    // A maxlength of 500 counts UTF-16 units, and cut 500 emoji to 250.
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    fireEvent.input(box, { target: { value: '😀'.repeat(501) } })
    expect(count()).toBe('已超过1个字')
    expect(box.value).toBe('😀'.repeat(501))
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      '问题已超过1个字，请删减到500个字以内',
    )
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    fireEvent.input(box, { target: { value: '😀'.repeat(500) } })
    expect(count()).toBe('500/500 字')
    fireEvent.click(screen.getByText('提交'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ text: '😀'.repeat(500) })
  })
})
