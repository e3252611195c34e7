import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import {
  COUNTY,
  filed,
  member,
  region,
  TOWNSHIP,
  typeRequester,
  VILLAGE,
} from '../../../test/support/info-request-form'
import InfoRequestPage from './index'

// Which offices the form offers (tester u3): a failed load, a ?region= that is no office, a person in no village.
const OTHER_TOWNSHIP = '360999101000'
const STREET = '360999002000'

const offices = (container: HTMLElement) =>
  [...container.querySelectorAll('.cw-info-form__office')].map((e) => e.textContent)

describe('InfoRequestPage: the offices', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should say a failed load of the offices plainly, with 重试, to a member of a village', async () => {
    signIn('villager')
    let weak = true
    fakeBff({
      'GET /api/v1/me': member,
      [`GET /api/v1/regions/${TOWNSHIP}`]: () => {
        if (weak) throw new Error('request:fail timeout')
        return { status: 200, body: buildRegion(TOWNSHIP, '云溪镇') }
      },
      [`GET /api/v1/regions/${COUNTY}`]: region(COUNTY, '青山县'),
    })
    const { container } = render(<InfoRequestPage />)
    await flush(5)
    expect(container.textContent).toContain('没有加载成功')
    expect(container.textContent).not.toContain('加入村以后')
    weak = false
    fireEvent.click(screen.getByText('重试'))
    await flush(5)
    expect(offices(container)).toEqual(['云溪镇人民政府', '青山县人民政府'])
  })

  it('should say plainly that a ?region= is not an office taking requests, and offer the offices instead', async () => {
    signIn('villager')
    fakeBff({
      'GET /api/v1/me': member,
      [`GET /api/v1/regions/${VILLAGE}`]: region(VILLAGE, '石门村'),
      [`GET /api/v1/regions/${TOWNSHIP}`]: region(TOWNSHIP, '云溪镇'),
      [`GET /api/v1/regions/${COUNTY}`]: region(COUNTY, '青山县'),
    })
    for (const [asked, says] of [
      [VILLAGE, '石门村不受理政府信息公开申请。'],
      ['360999999999', '没有找到要申请的机关。'],
      ['abc', '没有找到要申请的机关。'],
    ] as const) {
      __setRouterParams({ region: asked })
      const { container, unmount } = render(<InfoRequestPage />)
      await flush(5)
      expect(container.textContent).toContain(says)
      expect(container.textContent).toContain('向乡镇人民政府（街道办事处）或县人民政府提出')
      expect(container.textContent).not.toContain('加入村以后')
      expect(offices(container)).toEqual([])
      if (asked === 'abc') {
        fireEvent.click(screen.getByText('选择受理的机关'))
        await flush(5)
        expect(offices(container)).toEqual(['云溪镇人民政府', '青山县人民政府'])
      }
      unmount()
    }
  })

  it('should let a person in no village choose the county or one of its townships by name, and apply', async () => {
    signIn('villager')
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ memberships: [] }) }),
      [`GET /api/v1/regions/${COUNTY}`]: region(COUNTY, '青山县'),
      [`GET /api/v1/regions/${COUNTY}/children`]: () => ({
        status: 200,
        body: {
          regions: [
            buildRegion(TOWNSHIP, '云溪镇'),
            buildRegion(OTHER_TOWNSHIP, '石门镇'),
            buildRegion(STREET, '城东街道'),
          ],
        },
      }),
      'POST /api/v1/info-requests': filed('已登记'),
    })
    const { container } = render(<InfoRequestPage />)
    await flush(5)
    expect(container.textContent).toContain('您还没有加入村，也可以申请')
    // A 街道 has a 街道办事处, not a 人民政府 (tester irui6).
    expect(offices(container)).toEqual([
      '青山县人民政府',
      '云溪镇人民政府',
      '石门镇人民政府',
      '城东街道办事处',
    ])
    // Nothing is chosen for them: an office chosen by mistake would get the request.
    expect(container.querySelector('.cw-info-form__office[aria-checked="true"]')).toBeNull()
    fireEvent.input(container.querySelector('.cw-info-form__description') as Element, {
      target: { value: '2025年石门镇修路资金拨付文件' },
    })
    typeRequester(container)
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('请填写：受理机关')
    fireEvent.click(screen.getByText('石门镇人民政府'))
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ regionCode: OTHER_TOWNSHIP })
  })
})
