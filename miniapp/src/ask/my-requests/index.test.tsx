import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import * as platform from '@/utils/platform'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildInfoRequest } from '../../../test/support/ask-builders'
import MyRequestsPage from './index'

/** A request the office has asked to be corrected (请写明年份, by 2026-12-29). */
const awaitingCorrection = (overrides: Parameters<typeof buildInfoRequest>[0] = {}) =>
  buildInfoRequest({
    status: 'awaiting_correction',
    statusLabel: '需要补正',
    correctionNotice: {
      missing: ['请写明年份'],
      at: '2026-12-08T02:00:00.000Z',
      dueDate: '2026-12-29',
      provisional: false,
    },
    ...overrides,
  })

describe('MyRequestsPage', () => {
  beforeEach(() => resetSession())

  it('should show the correction notice and send the corrected request', async () => {
    signIn('villager')
    const waiting = awaitingCorrection({
      history: [
        { step: 'registered', at: '2026-12-07T02:00:00.000Z' },
        { step: 'correction_notice', at: '2026-12-08T02:00:00.000Z' },
      ],
    })
    const seen = fakeBff({
      'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [waiting] } }),
      [`POST /api/v1/info-requests/${waiting.id}/correct`]: (req) => ({
        status: 200,
        body: {
          ...waiting,
          status: 'registered',
          statusLabel: '已登记，办理中',
          supplement: {
            text: (req.body as { description: string }).description,
            purpose: null,
            at: '2026-12-10T02:00:00.000Z',
          },
        },
      }),
    })
    const { container } = render(<MyRequestsPage />)
    await flush()
    expect(container.querySelector('.cw-request__notice')?.textContent).toContain('请写明年份')
    // The box starts empty (the request shown here is masked), with what the office asked for above it.
    expect((container.querySelector('.cw-request__correct-text') as HTMLTextAreaElement).value).toBe('')
    expect(container.querySelector('.cw-request__correct-asked')?.textContent).toContain(
      '机关要求补充：请写明年份',
    )
    fireEvent.click(screen.getByText('提交补正'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('请写上要补充的内容')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
    // The time limit and what follows it (art. 30).
    expect(container.querySelector('.cw-request__notice')?.textContent).toContain(
      '请在2026年12月29日（含当天）前补正，逾期不补正的，视为放弃申请。',
    )
    expect(container.textContent).toContain('收到申请：2026年12月7日')
    expect(container.textContent).toContain('通知补正')
    fireEvent.input(container.querySelector('.cw-request__correct-text') as Element, {
      target: { value: '2025年全年' },
    })
    fireEvent.click(screen.getByText('提交补正'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ description: '2025年全年' })
    // The request as filed, and the 补正 under it with its time.
    expect(container.textContent).toContain('申请的信息：2025年本镇低保资金发放明细')
    expect(container.querySelector('.cw-request__supplement')?.textContent).toContain('2025年全年')
    expect(container.querySelector('.cw-request__due')?.textContent).toContain('答复期限：2027年1月5日')
    expect(container.querySelector('.cw-request__correct')).toBeNull()
  })

  it('should count the 补正 as the server does, cut no emoji, and say how much is over (tester irui7)', async () => {
    signIn('villager')
    const waiting = awaitingCorrection()
    const seen = fakeBff({
      'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [waiting] } }),
      [`POST /api/v1/info-requests/${waiting.id}/correct`]: () => ({
        status: 200,
        body: { ...waiting, status: 'registered', statusLabel: '已登记，办理中' },
      }),
    })
    const { container } = render(<MyRequestsPage />)
    await flush()
    const box = container.querySelector('.cw-request__correct-text') as HTMLTextAreaElement
    // No maxlength cut: it counted UTF-16 units and kept 990 of 980×补 and 20 emoji.
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    const count = () => container.querySelector('.cw-request__correct-count')?.textContent
    const type = (value: string) => fireEvent.input(box, { target: { value } })
    const alert = () => container.querySelector('[role="alert"]')?.textContent
    type('补'.repeat(980) + '😀'.repeat(20))
    expect(count()).toBe('1000/1000 字')
    expect(box.value).toBe('补'.repeat(980) + '😀'.repeat(20))
    type('补'.repeat(1000) + '😀😀')
    expect(count()).toBe('已超过2个字')
    fireEvent.click(screen.getByText('提交补正'))
    await flush()
    expect(alert()).toBe('补正内容已超过2个字，请删减到1000个字以内')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
    // The refusal follows the text as it is shortened, and goes once it fits.
    type('补'.repeat(1000) + '😀')
    expect(alert()).toBe('补正内容已超过1个字，请删减到1000个字以内')
    type('补'.repeat(980) + '😀'.repeat(20))
    expect(alert()).toBeUndefined()
    fireEvent.click(screen.getByText('提交补正'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      description: '补'.repeat(980) + '😀'.repeat(20),
    })
  })

  it('should tell the requester when the reply came after the deadline', async () => {
    signIn('villager')
    const reply = {
      type: 'disclosed' as const,
      text: '见附件',
      at: '2027-01-08T02:00:00.000Z',
      links: [],
      rightOffice: null,
      disclosureIds: [],
      disclosures: [],
    }
    const late = buildInfoRequest({ status: 'replied', statusLabel: '已答复', reply, repliedLate: true })
    const onTime = buildInfoRequest({
      id: '65f0000000000000000000r2',
      status: 'replied',
      statusLabel: '已答复',
      reply,
    })
    fakeBff({ 'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [late, onTime] } }) })
    const { container } = render(<MyRequestsPage />)
    await flush()
    const notes = [...container.querySelectorAll('.cw-request__late')].map((e) => e.textContent)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('答复晚于期限（应在2027年1月5日（含当天）前答复）')
  })

  it('should show a request not corrected in time as withdrawn, with no form to correct it', async () => {
    signIn('villager')
    const lapsed = buildInfoRequest({
      status: 'lapsed',
      statusLabel: '逾期未补正，视为放弃申请',
      correctionNotice: {
        missing: ['请写明年份'],
        at: '2026-12-08T02:00:00.000Z',
        dueDate: '2026-12-29',
        provisional: false,
      },
    })
    fakeBff({ 'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [lapsed] } }) })
    const { container } = render(<MyRequestsPage />)
    await flush()
    expect(container.querySelector('.cw-request__status')?.textContent).toBe('逾期未补正，视为放弃申请')
    expect(container.querySelector('.cw-request__correct')).toBeNull()
    expect(container.querySelector('.cw-request__due')).toBeNull()
  })

  it('should open the published items a reply points to', async () => {
    signIn('villager')
    const item = { id: '65f0000000000000000000d1', title: '2025年第四季度低保对象名单公示' }
    const replied = buildInfoRequest({
      status: 'replied',
      statusLabel: '已答复',
      reply: {
        type: 'disclosed',
        text: '该信息已主动公开，请查看所附公开条目。',
        at: '2026-12-20T02:00:00.000Z',
        links: [],
        rightOffice: null,
        disclosureIds: [item.id],
        disclosures: [item],
      },
    })
    fakeBff({ 'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [replied] } }) })
    const { container } = render(<MyRequestsPage />)
    await flush()
    const link = container.querySelector('.cw-request__item') as Element
    expect(link.textContent).toBe('查看公开内容：2025年第四季度低保对象名单公示')
    fireEvent.click(link)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/pages/disclosure/index?id=${item.id}` })
  })

  it('should open a reply link in the browser (H5) and copy it inside WeChat', async () => {
    signIn('villager')
    const url = 'https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm'
    const replied = buildInfoRequest({
      status: 'replied',
      statusLabel: '已答复',
      reply: {
        type: 'disclosed',
        text: '见链接',
        at: '2026-12-20T02:00:00.000Z',
        links: [url],
        rightOffice: null,
        disclosureIds: [],
        disclosures: [],
      },
    })
    fakeBff({ 'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests: [replied] } }) })
    const { container, unmount } = render(<MyRequestsPage />)
    await flush()
    fireEvent.click(container.querySelector('.cw-request__link') as Element)
    await flush()
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: url })
    expect(container.querySelector('.cw-request__link')?.textContent).toContain('已复制')
    unmount()

    const open = jest.spyOn(window, 'open').mockReturnValue(null)
    const h5 = jest.spyOn(platform, 'isH5').mockReturnValue(true)
    try {
      const page = render(<MyRequestsPage />)
      await flush()
      fireEvent.click(page.container.querySelector('.cw-request__link') as Element)
      expect(open).toHaveBeenCalledWith(url, '_blank', 'noopener,noreferrer')
    } finally {
      h5.mockRestore()
      open.mockRestore()
    }
  })

  it('should say how to contest after every answer, a lapse and an overdue request, not while it runs', async () => {
    signIn('villager')
    const reply = (type: 'withheld_third_party' | 'disclosed') => ({
      type,
      text: '答复如下',
      at: '2026-12-20T02:00:00.000Z',
      links: [],
      rightOffice: null,
      disclosureIds: [],
      disclosures: [],
    })
    const requests = [
      buildInfoRequest({
        id: '65f0000000000000000000a1',
        status: 'replied',
        reply: reply('withheld_third_party'),
      }),
      buildInfoRequest({ id: '65f0000000000000000000a2', status: 'replied', reply: reply('disclosed') }),
      buildInfoRequest({ id: '65f0000000000000000000a3', overdue: true }),
      buildInfoRequest({
        id: '65f0000000000000000000a4',
        status: 'lapsed',
        statusLabel: '逾期未补正，视为放弃申请',
      }),
      buildInfoRequest({ id: '65f0000000000000000000a5' }),
    ]
    fakeBff({ 'GET /api/v1/me/info-requests': () => ({ status: 200, body: { requests } }) })
    const { container } = render(<MyRequestsPage />)
    await flush()
    const remedies = (id: string) =>
      container.querySelector(`[data-id="${id}"] .cw-request__remedies`)?.textContent ?? null
    for (const id of ['a1', 'a2', 'a3', 'a4'].map((x) => `65f0000000000000000000${x}`)) {
      expect(`${id} ${remedies(id) ?? 'none'}`).toContain('投诉、举报，也可以申请行政复议或者提起行政诉讼')
    }
    expect(remedies('65f0000000000000000000a3')).toContain('机关已超过答复期限，还没有答复。')
    expect(remedies('65f0000000000000000000a5')).toBeNull()
  })
})
