import { render } from '@testing-library/react'
import { formatDueDate } from '@/utils/format'
import { buildInfoRequest } from '../../test/support/ask-builders'
import { RequestCard } from './request-card'

// The card's deadlines go through the one formatter (utils/format.ts), so they read as on every other page.
jest.mock('@/utils/format', () => {
  const actual = jest.requireActual('@/utils/format')
  return { ...actual, formatDueDate: jest.fn(actual.formatDueDate) }
})

/** A request replied to (已公开) on 2027-01-08, after its last day 2027-01-05. */
const repliedLate = (overrides: Parameters<typeof buildInfoRequest>[0] = {}) =>
  buildInfoRequest({
    status: 'replied',
    dueDate: '2027-01-05',
    repliedLate: true,
    reply: {
      type: 'disclosed',
      text: '已公开',
      at: '2027-01-08T02:00:00.000Z',
      rightOffice: null,
      disclosureIds: [],
      disclosures: [],
      links: [],
    },
    ...overrides,
  })

describe('RequestCard', () => {
  beforeEach(() => jest.mocked(formatDueDate).mockClear())

  it('should write the reply deadline with the shared formatDueDate', () => {
    const r = buildInfoRequest({ status: 'registered', dueDate: '2027-01-05', provisional: true })
    const { container } = render(<RequestCard r={r} />)
    expect(formatDueDate).toHaveBeenCalledWith('2027-01-05', true)
    expect(container.querySelector('.cw-request__due')?.textContent).toContain(
      '答复期限：2027年1月5日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）',
    )
  })

  it('should write the correction deadline with the shared formatDueDate', () => {
    const r = buildInfoRequest({
      status: 'awaiting_correction',
      correctionNotice: {
        missing: ['请写明年份'],
        at: '2026-12-08T02:00:00.000Z',
        dueDate: '2026-12-29',
        provisional: false,
      },
    })
    const { container } = render(<RequestCard r={r} />)
    expect(formatDueDate).toHaveBeenCalledWith('2026-12-29', false)
    expect(container.querySelector('.cw-request__notice')?.textContent).toContain(
      '请在2026年12月29日（含当天）前补正，逾期不补正的，视为放弃申请。',
    )
  })

  it('should write the deadline a late reply missed with the shared formatDueDate', () => {
    const r = repliedLate()
    const { container } = render(<RequestCard r={r} />)
    expect(formatDueDate).toHaveBeenCalledWith('2027-01-05', false)
    expect(container.querySelector('.cw-request__late')?.textContent).toContain(
      '应在2027年1月5日（含当天）前答复',
    )
  })

  it('should say a missed deadline counted without holiday data was provisional', () => {
    const r = repliedLate({ provisional: true })
    const { container } = render(<RequestCard r={r} />)
    expect(container.querySelector('.cw-request__late')?.textContent).toContain(
      '应在2027年1月5日（含当天）（放假安排还没有公布，这个日期是推算的，可能会变）前答复',
    )
  })

  it('should say the clock is paused only while a consultation begun in time holds it (tester t7, t12)', () => {
    const held = render(<RequestCard r={buildInfoRequest({ consulting: true, paused: true })} />)
    expect(held.container.querySelector('.cw-request__due')?.textContent).toContain('正在征求意见，暂停计时')
    held.unmount()
    const late = render(
      <RequestCard r={buildInfoRequest({ consulting: true, paused: false, overdue: true })} />,
    )
    expect(late.container.querySelector('.cw-request__status')?.textContent).toBe('已超过答复期限')
    const due = late.container.querySelector('.cw-request__due')?.textContent ?? ''
    expect(due).toContain('正在征求意见')
    expect(due).not.toContain('暂停计时')
  })
})
