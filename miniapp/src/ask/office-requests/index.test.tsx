import { fireEvent, render, screen } from '@testing-library/react'
import type { InfoRequestDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { buildInfoRequest } from '../../../test/support/ask-builders'
import OfficeRequestsPage from './index'

const R = buildInfoRequest()
const OFFICE = R.regionCode
const report = (partly: number) => ({
  regionCode: OFFICE,
  regionName: '云溪镇',
  year: 2026,
  rows: [
    { key: 'new', label: '一、本年新收政府信息公开申请数量', counts: { total: 1 } },
    { key: 'r2', label: '（二）部分公开', counts: { total: partly } },
    { key: 'total', label: '（七）总计', counts: { total: partly } },
  ].map((r) => ({
    ...r,
    counts: {
      person: r.counts.total,
      business: 0,
      research: 0,
      charity: 0,
      legal: 0,
      other_org: 0,
      ...r.counts,
    },
  })),
  appeals: null,
  balanced: true,
})

/** The office's list of `requests` and its annual report (none partly disclosed). */
const officeQueue = (requests: InfoRequestDto[]) => ({
  [`GET /api/v1/regions/${OFFICE}/info-requests`]: () => ({ status: 200, body: { requests } }),
  [`GET /api/v1/regions/${OFFICE}/info-requests/annual-report`]: () => ({ status: 200, body: report(0) }),
})

describe('OfficeRequestsPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should send the one correction notice, then a 部分公开 reply that the report counts', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    let replied = false
    const seen = fakeBff({
      [`GET /api/v1/regions/${OFFICE}/info-requests`]: () => ({ status: 200, body: { requests: [R] } }),
      [`GET /api/v1/regions/${OFFICE}/info-requests/annual-report`]: () => ({
        status: 200,
        body: report(replied ? 1 : 0),
      }),
      [`POST /api/v1/info-requests/${R.id}/correction-notice`]: (req) => ({
        status: 200,
        body: {
          ...R,
          status: 'awaiting_correction',
          correctionNotice: {
            missing: (req.body as { missing: string[] }).missing,
            at: '2026-12-08T02:00:00.000Z',
            dueDate: '2026-12-29',
            provisional: false,
          },
        },
      }),
      [`POST /api/v1/info-requests/${R.id}/reply`]: () => {
        replied = true
        return { status: 200, body: { ...R, status: 'replied' } }
      },
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    // The office sees the requester; the year's report shows its sums.
    expect(container.querySelector('.cw-request__requester')?.textContent).toContain('王建国')
    expect(container.querySelector('.cw-office__report-row[data-key="r2"]')).toBeNull()

    fireEvent.click(screen.getByText('补正告知'))
    fireEvent.input(container.querySelector('.cw-office__notice-text') as Element, {
      target: { value: '请写明年份\n\n请写明村名' },
    })
    // The time limit to correct (art. 30): 15 working days unless the office sets 10 to 30.
    const days = container.querySelector('.cw-office__notice-days') as HTMLInputElement
    expect(days.value).toBe('15')
    fireEvent.input(days, { target: { value: '5' } })
    fireEvent.click(screen.getByText('发出补正告知'))
    await flush()
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('补正期限请填10到30个工作日')
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    fireEvent.input(days, { target: { value: '20' } })
    fireEvent.click(screen.getByText('发出补正告知'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      missing: ['请写明年份', '请写明村名'],
      workingDays: 20,
    })
    expect(container.textContent).toContain('等待申请人补正')
    expect(screen.queryByText('补正告知')).toBeNull()
  })

  it('should offer the correction notice only while its 7 working days last', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    const late = {
      ...R,
      id: '65f0000000000000000000r9',
      number: '云溪镇〔2026〕依申请第9号',
      correctionNoticeBy: null,
    }
    fakeBff({
      ...officeQueue([R, late]),
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    // One request still within the window, one past it: only the first offers the notice.
    expect(screen.getAllByText('补正告知')).toHaveLength(1)
    fireEvent.click(screen.getByText('补正告知'))
    expect(container.querySelector('.cw-office__notice')?.textContent).toContain(
      '最晚2026年12月16日（含当天）发出',
    )
  })

  it('should say a last day for the notice counted without holiday data may change (tester t6)', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    const r = { ...R, correctionNoticeBy: '2027-01-07', correctionNoticeByProvisional: true }
    fakeBff({
      ...officeQueue([r]),
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    fireEvent.click(screen.getByText('补正告知'))
    expect(container.querySelector('.cw-office__notice')?.textContent).toContain(
      '最晚2027年1月7日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）发出。',
    )
  })

  it('should count the notice per item, say which item is too long, and cut nothing (tester irui3)', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    const seen = fakeBff({
      ...officeQueue([R]),
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    fireEvent.click(screen.getByText('补正告知'))
    const box = container.querySelector('.cw-office__notice-text') as HTMLTextAreaElement
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    const count = () => container.querySelector('.cw-office__notice-count')?.textContent
    const type = (value: string) => fireEvent.input(box, { target: { value } })
    const send = async () => {
      fireEvent.click(screen.getByText('发出补正告知'))
      await flush()
      return container.querySelector('[role="alert"]')?.textContent
    }
    expect(count()).toBe('0/10 项，每项最多200个字')
    // 200 characters with emoji is one item within its limit; the second line is counted on its own.
    type(`写明年份\n${'补'.repeat(190)}${'😀'.repeat(10)}`)
    expect(count()).toBe('2/10 项，每项最多200个字')
    type(`写明年份\n写明村名\n${'补'.repeat(201)}`)
    expect(count()).toBe('第3项最多200个字（每项分别计算），已超过1个字，请删减')
    expect(await send()).toBe('第3项最多200个字（每项分别计算），已超过1个字，请删减')
    expect(box.value).toBe(`写明年份\n写明村名\n${'补'.repeat(201)}`)
    type(Array.from({ length: 11 }, (_, i) => `第${i + 1}样材料`).join('\n'))
    expect(await send()).toBe('最多写10项（每行一项），现在有11项，请合并几项')
    expect(seen.some((r) => r.method === 'POST')).toBe(false)
  })

  it('should show the 补正 under the request as filed, and a consultation begun late as not pausing', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    const r = {
      ...R,
      overdue: true,
      consulting: true,
      paused: false,
      supplement: { text: '宗地在东坑组', purpose: null, at: '2026-12-10T02:00:00.000Z' },
    }
    fakeBff({
      ...officeQueue([r]),
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    expect(container.textContent).toContain(`申请的信息：${R.description}`)
    expect(container.querySelector('.cw-request__supplement')?.textContent).toContain('补正（')
    expect(container.querySelector('.cw-request__supplement')?.textContent).toContain('宗地在东坑组')
    const due = container.querySelector('.cw-request__due')?.textContent ?? ''
    expect(due).toContain('正在征求意见')
    expect(due).not.toContain('暂停计时')
    // The open consultation can be ended; the office is told it extends nothing.
    fireEvent.click(screen.getByText('征求意见结束'))
    expect(container.querySelector('.cw-office__consult')?.textContent).toContain('征求意见不延长期限')
    expect(container.querySelector('.cw-office__consult')?.textContent).not.toContain('不计入')
  })

  it('should not offer an extension once the period has passed', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    fakeBff({
      [`GET /api/v1/regions/${OFFICE}/info-requests`]: () => ({
        status: 200,
        body: { requests: [{ ...R, overdue: true }] },
      }),
      [`GET /api/v1/regions/${OFFICE}/info-requests/annual-report`]: () => ({ status: 200, body: report(0) }),
    })
    render(<OfficeRequestsPage />)
    await flush()
    expect(screen.getByText('答复')).toBeTruthy()
    expect(screen.queryByText('延长期限')).toBeNull()
  })

  it('should reply 部分公开 with its reasons and read the report again', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    let replied = false
    const seen = fakeBff({
      [`GET /api/v1/regions/${OFFICE}/info-requests`]: () => ({ status: 200, body: { requests: [R] } }),
      [`GET /api/v1/regions/${OFFICE}/info-requests/annual-report`]: () => ({
        status: 200,
        body: report(replied ? 1 : 0),
      }),
      [`POST /api/v1/info-requests/${R.id}/reply`]: () => {
        replied = true
        return { status: 200, body: { ...R, status: 'replied' } }
      },
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    fireEvent.click(screen.getByText('答复'))
    fireEvent.click(screen.getByText('部分公开'))
    fireEvent.input(container.querySelector('.cw-office__reply-text') as Element, {
      target: { value: '发放总额予以公开；个人银行账号涉及个人隐私不予公开。' },
    })
    fireEvent.click(screen.getByText('发送答复'))
    await flush(5)
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      type: 'partly_disclosed',
      text: '发放总额予以公开；个人银行账号涉及个人隐私不予公开。',
    })
    expect(container.querySelector('.cw-office__report-row[data-key="r2"]')?.textContent).toContain('：1')
  })

  it('should read the list again and say so when a colleague answered the request first (tester p1, D9)', async () => {
    signIn('township')
    __setRouterParams({ region: OFFICE })
    let stored = R
    fakeBff({
      [`GET /api/v1/regions/${OFFICE}/info-requests`]: () => ({ status: 200, body: { requests: [stored] } }),
      [`GET /api/v1/regions/${OFFICE}/info-requests/annual-report`]: () => ({ status: 200, body: report(0) }),
      [`POST /api/v1/info-requests/${R.id}/extend`]: () => ({
        status: 409,
        body: { error: { code: 'invalid_transition', message: '申请当前不能延期' } },
      }),
    })
    const { container } = render(<OfficeRequestsPage />)
    await flush()
    stored = { ...R, status: 'replied', statusLabel: '已答复' }
    fireEvent.click(screen.getByText('延长期限'))
    fireEvent.input(container.querySelector('.cw-office__extend-reason') as Element, {
      target: { value: '需要调取档案' },
    })
    fireEvent.click(screen.getByText('延长20个工作日'))
    await flush(5)
    expect(screen.getByRole('status').textContent).toContain('刚刚已有人办理过这一条')
    expect(container.textContent).toContain('已答复')
    expect(container.textContent).not.toContain('申请当前不能延期')
    expect(screen.queryByText('延长期限')).toBeNull()
  })
})
