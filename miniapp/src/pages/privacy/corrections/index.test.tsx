import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../../test/__mocks__/taro'
import { fakeBff } from '../../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../../test/support/render'
import CorrectionsPage from './index'

const V1 = '110101001001'

describe('CorrectionsPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it("should list the village's correction requests for its secretary", async () => {
    signIn('secretary')
    __setRouterParams({ village: V1 })
    const seen = fakeBff({
      [`GET /api/v1/villages/${V1}/corrections`]: () => ({
        status: 200,
        body: {
          corrections: [
            {
              id: 'c1',
              villageCode: V1,
              name: '王建国',
              kind: 'correct',
              target: '低保名单里的户号',
              text: '户号应为 0012',
              status: 'open',
              createdAt: '2026-12-06T03:00:00.000Z',
            },
          ],
        },
      }),
    })
    const { container } = render(<CorrectionsPage />)
    await flush()
    expect(seen.map((r) => r.path)).toEqual([`/api/v1/villages/${V1}/corrections`])
    const item = container.querySelector('.cw-corrections__item')
    expect(item?.textContent).toContain('王建国 · 申请更正')
    expect(item?.textContent).toContain('户号应为 0012')
    expect(item?.textContent).toContain('待处理')
  })

  it('should mark a request handled', async () => {
    signIn('secretary')
    __setRouterParams({ village: V1 })
    const open = {
      id: 'c1',
      villageCode: V1,
      name: '王建国',
      kind: 'correct',
      target: '户号',
      text: '户号应为 0012',
      status: 'open',
      createdAt: '2026-12-06T03:00:00.000Z',
    }
    const seen = fakeBff({
      [`GET /api/v1/villages/${V1}/corrections`]: () => ({ status: 200, body: { corrections: [open] } }),
      'POST /api/v1/corrections/c1/done': () => ({ status: 200, body: { ...open, status: 'done' } }),
    })
    const { container } = render(<CorrectionsPage />)
    await flush()
    fireEvent.click(screen.getByText('已核实处理'))
    await flush()
    expect(seen.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/v1/corrections/c1/done')
    expect(container.querySelector('.cw-corrections__item')?.textContent).toContain('已处理')
    expect(container.querySelector('.cw-corrections__done')).toBeNull()
  })

  it('should say so when there is none', async () => {
    signIn('secretary')
    __setRouterParams({ village: V1 })
    fakeBff({
      [`GET /api/v1/villages/${V1}/corrections`]: () => ({ status: 200, body: { corrections: [] } }),
    })
    const { container } = render(<CorrectionsPage />)
    await flush()
    expect(container.textContent).toContain('还没有更正申请')
  })
})
