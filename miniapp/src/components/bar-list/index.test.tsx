import { render, screen, within } from '@testing-library/react'
import { BarList, barWidth, type BarItem } from './index'

const items: BarItem[] = [
  { key: 'sent', label: '已发送', count: 20, tone: 'green' },
  { key: 'failed', label: '发送失败', count: 5, tone: 'red' },
  { key: 'pending', label: '待发送', count: 0, tone: 'blue' },
]

describe('BarList', () => {
  it('should show each label with its count, in order, as a labelled list', () => {
    render(<BarList label="各状态的消息数" items={items} />)
    const list = screen.getByRole('list', { name: '各状态的消息数' })
    const rows = within(list).getAllByRole('listitem')
    expect(rows.map((r) => r.textContent)).toEqual(['已发送20', '发送失败5', '待发送0'])
    expect(rows[1]?.getAttribute('data-key')).toBe('failed')
  })

  it('should size bars against the largest count and the tone as a modifier', () => {
    const { container } = render(<BarList label="统计" items={items} />)
    const bars = [...container.querySelectorAll<HTMLElement>('.cw-bar-list__bar')]
    expect(bars.map((b) => b.style.width)).toEqual(['100%', '25%', '0%'])
    expect(bars[1]?.className).toContain('cw-bar-list__bar--red')
  })
})

describe('barWidth', () => {
  it('should draw nothing rather than divide by zero when every count is 0', () => {
    const zeros = items.map((i) => ({ ...i, count: 0 }))
    expect(zeros.map((i) => barWidth(i.count, zeros))).toEqual(['0%', '0%', '0%'])
  })
})
