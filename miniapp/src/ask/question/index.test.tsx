import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildMe } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildQuestion } from '../../../test/support/ask-builders'
import QuestionPage from './index'

const Q = buildQuestion()
const D = buildDisclosure()
const secretary = buildMe({
  roles: [{ role: 'secretary', regionCode: Q.villageCode, regionName: '云溪村' }],
})

describe('QuestionPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should show the asker the row and the deadline, and no staff actions', async () => {
    signIn('villager')
    __setRouterParams({ id: Q.id, created: '1' })
    fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: { ...Q, mine: true } }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe() }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    expect(container.querySelector('.cw-question__created')).not.toBeNull()
    expect(container.querySelector('.cw-question__row')?.textContent).toBe('第2行：李秀英 · 0.29 元')
    expect(container.textContent).toContain('应在2026年12月11日（含当天）前答复')
    expect(container.querySelector('.cw-question__actions')).toBeNull()
  })

  it('should tell the asker where to go next when the objection was not upheld', async () => {
    signIn('villager')
    __setRouterParams({ id: Q.id })
    const declined = {
      ...Q,
      mine: true,
      status: 'not_upheld' as const,
      reply: { text: '经核实金额无误', by: 'secretary' as const, at: '2026-12-08T02:00:00.000Z' },
    }
    fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: declined }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe() }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    expect(container.textContent).toContain('异议未采纳')
    expect(container.querySelector('.cw-thread__next')?.textContent).toBe(
      '仍有异议的，请在公示期内向村务监督委员会或乡镇人民政府反映。',
    )
  })

  it('should show staff the stored row the villager meant, since their table also has the rows about minors', async () => {
    signIn('secretary')
    __setRouterParams({ id: Q.id })
    // Staff table: a minor's row sits first, so the villager's 第1行 is stored row 2.
    const staffTable = {
      ...D.table!,
      rows: [{ name: '小明', amount: 100 }, ...(D.table?.rows ?? [])],
      rowCount: 3,
      omittedRowCount: 0,
    }
    fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: { ...Q, rowRef: 1, storedRow: 2 } }),
      'GET /api/v1/me': () => ({ status: 200, body: secretary }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: { ...D, table: staffTable } }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    expect(container.querySelector('.cw-question__row')?.textContent).toBe('第2行：王建国 · 580.00 元')
  })

  it('should let the secretary uphold an objection by starting the corrected version', async () => {
    signIn('secretary')
    __setRouterParams({ id: Q.id })
    const seen = fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: Q }),
      'GET /api/v1/me': () => ({ status: 200, body: secretary }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      [`POST /api/v1/questions/${Q.id}/correction`]: () => ({
        status: 201,
        body: {
          question: { ...Q, correctionDisclosureId: '65f0000000000000000000d2' },
          disclosureId: '65f0000000000000000000d2',
          version: 3,
        },
      }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    fireEvent.input(container.querySelector('.cw-question__change-note') as Element, {
      target: { value: '更正第2行金额' },
    })
    fireEvent.click(screen.getByText('采纳并更正'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ changeNote: '更正第2行金额' })
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: '/secretary/disclosure-edit/index?id=65f0000000000000000000d2',
    })
    expect(container.textContent).toContain('更正版本正在准备')
  })

  it('should send a reason when the secretary does not uphold it', async () => {
    signIn('secretary')
    __setRouterParams({ id: Q.id })
    const seen = fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: Q }),
      'GET /api/v1/me': () => ({ status: 200, body: secretary }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      [`POST /api/v1/questions/${Q.id}/reply`]: (req) => ({
        status: 200,
        body: {
          ...Q,
          status: 'not_upheld',
          reply: {
            text: (req.body as { text: string }).text,
            by: 'secretary',
            at: '2026-12-07T02:00:00.000Z',
          },
        },
      }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    fireEvent.click(screen.getByText('不予采纳（写明理由）'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('请写明不采纳的理由')
    fireEvent.input(container.querySelector('.cw-question__reply-text') as Element, {
      target: { value: '经核实金额无误' },
    })
    fireEvent.click(screen.getByText('不予采纳（写明理由）'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      outcome: 'not_upheld',
      text: '经核实金额无误',
    })
    expect(container.querySelector('.cw-thread__status')?.textContent).toBe('异议未采纳')
    expect(container.querySelector('.cw-question__actions')).toBeNull()
  })

  it("should show the asker each photo's check and refer to failed uploads", async () => {
    signIn('villager')
    __setRouterParams({ id: Q.id, created: '1', photos: 'failed' })
    const photo = (id: string, check: string) => ({
      id,
      url: `/api/v1/questions/${Q.id}/photos/${id}`,
      check,
    })
    fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({
        status: 200,
        body: {
          ...Q,
          mine: true,
          photos: [photo('p1', 'pass'), photo('p2', 'checking'), photo('p3', 'risky')],
        },
      }),
      'GET /api/v1/me': () => ({ status: 200, body: buildMe() }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    const lines = [...container.querySelectorAll('.cw-question__photo')].map((e) => e.textContent)
    expect(lines[0]).toContain('已通过检查')
    expect(lines[1]).toContain('正在检查')
    expect(lines[2]).toContain('没有通过检查，已删除')
    expect(screen.queryByText('查看第3张照片')).toBeNull()
    expect(container.textContent).toContain('有照片没有传上去')
  })

  it('should read the thread again and say so when the township answered it first (tester p1, D9)', async () => {
    signIn('secretary')
    __setRouterParams({ id: Q.id })
    let stored = Q
    fakeBff({
      [`GET /api/v1/questions/${Q.id}`]: () => ({ status: 200, body: stored }),
      'GET /api/v1/me': () => ({ status: 200, body: secretary }),
      [`GET /api/v1/disclosures/${D.id}`]: () => ({ status: 200, body: D }),
      [`POST /api/v1/questions/${Q.id}/correction`]: () => ({
        status: 409,
        body: { error: { code: 'question_closed', message: '这条留言已经答复过了' } },
      }),
    })
    const { container } = render(<QuestionPage />)
    await flush(5)
    // The township declines it on another phone meanwhile.
    stored = {
      ...Q,
      status: 'not_upheld',
      reply: { text: '经核实金额无误', by: 'township', at: '2026-12-08T02:00:00.000Z' },
    }
    fireEvent.input(container.querySelector('.cw-question__change-note') as Element, {
      target: { value: '更正第2行金额' },
    })
    fireEvent.click(screen.getByText('采纳并更正'))
    await flush(5)
    expect(screen.getByRole('status').textContent).toBe(
      '刚刚已有人办理过这一条，没有按您看到的旧内容办理。下面已换成现在的状态，请看过后再办理。',
    )
    expect(container.textContent).toContain('经核实金额无误')
    expect(screen.queryByText('采纳并更正')).toBeNull()
    expect(container.textContent).not.toContain('这条留言已经答复过了')
  })
})
