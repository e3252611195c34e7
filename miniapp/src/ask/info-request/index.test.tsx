import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { doubleTap, flush, resetSession, signIn } from '../../../test/support/render'
import {
  filed,
  memberOffices,
  TOWNSHIP,
  typeInto,
  typeRequester,
} from '../../../test/support/info-request-form'
import InfoRequestPage from './index'

describe('InfoRequestPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it("should offer the member's township and county and file the request with the legal fields", async () => {
    signIn('villager')
    const seen = fakeBff({
      ...memberOffices(),
      'POST /api/v1/info-requests': filed('您的政府信息公开申请已登记，编号云溪镇〔2026〕依申请第1号。'),
    })
    const { container } = render(<InfoRequestPage />)
    await flush(5)
    const offices = [...container.querySelectorAll('.cw-info-form__office')].map((e) => e.textContent)
    expect(offices).toEqual(['云溪镇人民政府', '青山县人民政府'])
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      '请填写：姓名、证件号码、联系方式、想要什么信息',
    )
    const type = typeInto(container)
    type('.cw-info-form__description', '2025年本镇低保资金发放明细')
    type('.cw-info-form__name', '王建国')
    type('.cw-info-form__contact', '13800000000')
    // A wrong 身份证号 (one digit off) is caught on the phone, before anything is sent.
    type('.cw-info-form__id-number', '360999199001011233')
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('身份证号码不对，请核对后再填')
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    type('.cw-info-form__id-number', '360999199001011232')
    fireEvent.click(screen.getByText('纸质材料'))
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      regionCode: TOWNSHIP,
      description: '2025年本镇低保资金发放明细',
      form: 'paper',
      requester: {
        type: 'person',
        name: '王建国',
        idType: 'resident_id',
        idNumber: '360999199001011232',
        contact: '13800000000',
      },
    })
    expect(container.querySelector('.cw-info-form__ack')?.textContent).toContain('依申请第1号')
  })

  it('should offer an organisation only the 统一社会信用代码 and check it on the phone', async () => {
    signIn('villager')
    const seen = fakeBff({
      ...memberOffices(),
    })
    const { container } = render(<InfoRequestPage />)
    await flush(5)
    fireEvent.click(screen.getByText('单位'))
    const papers = [...container.querySelectorAll('.cw-info-form__id-type')].map((e) => e.textContent)
    expect(papers).toEqual(['统一社会信用代码（营业执照、登记证书上）'])
    const type = typeInto(container)
    type('.cw-info-form__description', '2025年本镇农业补贴发放明细')
    type('.cw-info-form__name', '某某农业专业合作社')
    type('.cw-info-form__contact', '13800000000')
    type('.cw-info-form__id-number', '91350100M000100Y44')
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      '统一社会信用代码不对，请核对营业执照上的18位代码',
    )
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
  })

  it('should file one request for a double tap, with an idempotency key, and a new key for the next form', async () => {
    signIn('villager')
    const seen = fakeBff({
      ...memberOffices(),
      'POST /api/v1/info-requests': filed('已登记'),
    })
    const fileOne = async () => {
      const { container } = render(<InfoRequestPage />)
      await flush(5)
      const type = typeInto(container)
      type('.cw-info-form__description', '2025年本镇低保资金发放明细')
      typeRequester(container)
      doubleTap(screen.getByText('提交申请'))
      await flush()
      cleanup()
    }
    await fileOne()
    const posts = () => seen.filter((r) => r.method === 'POST')
    expect(posts()).toHaveLength(1)
    const first = posts()[0]?.headers['Idempotency-Key']
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/)

    await fileOne()
    expect(posts()).toHaveLength(2)
    expect(posts()[1]?.headers['Idempotency-Key']).toMatch(/^[A-Za-z0-9_-]{16,64}$/)
    expect(posts()[1]?.headers['Idempotency-Key']).not.toBe(first)
  })
  it('should count characters as the server does, show it live, and keep all that was typed when too long', async () => {
    signIn('villager')
    const seen = fakeBff({
      ...memberOffices(),
      'POST /api/v1/info-requests': filed('已登记'),
    })
    const { container } = render(<InfoRequestPage />)
    await flush(5)
    const box = container.querySelector('.cw-info-form__description') as HTMLTextAreaElement
    // No maxlength cut: it counts UTF-16 units, and kept 980 of 960 characters and 30 emoji.
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    const count = () => container.querySelector('.cw-info-form__count')?.textContent
    const type = typeInto(container)
    type('.cw-info-form__description', '长'.repeat(960) + '🙏'.repeat(30))
    expect(count()).toBe('990/1000 字')
    type('.cw-info-form__description', '长'.repeat(1000) + '🙏🙏')
    expect(count()).toBe('已超过2个字')
    expect(box.value).toBe('长'.repeat(1000) + '🙏🙏')
    typeRequester(container)
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      '想要什么信息已超过2个字，请删减到1000个字以内',
    )
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    // The refusal follows the text as it is shortened (tester irui2: it stayed until the next submit).
    type('.cw-info-form__description', '长'.repeat(1000) + '🙏')
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(
      '想要什么信息已超过1个字，请删减到1000个字以内',
    )
    // 1000 characters with an emoji is within the limit, as the server counts it, and the refusal goes.
    type('.cw-info-form__description', '长'.repeat(999) + '🙏')
    expect(count()).toBe('1000/1000 字')
    expect(container.querySelector('[role="alert"]')).toBeNull()
    fireEvent.click(screen.getByText('提交申请'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({
      description: '长'.repeat(999) + '🙏',
    })
  })
})
