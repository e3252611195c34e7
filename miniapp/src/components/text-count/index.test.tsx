import { fireEvent, render } from '@testing-library/react'
import { useState } from 'react'
import { Textarea } from '@tarojs/components'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength, overBy, tooLongText } from './index'

function Field({ max, onlyWhenOver }: { max: number; onlyWhenOver?: boolean }) {
  const [text, setText] = useState('')
  return (
    <>
      <Textarea className="box" value={text} maxlength={NO_CUT} onInput={(e) => setText(e.detail.value)} />
      <TextCount text={text} max={max} className="cw-x__count" onlyWhenOver={onlyWhenOver} />
    </>
  )
}

describe('TextCount', () => {
  it('should count as the server does, an emoji as one, and say by how much a text is over, cutting nothing', () => {
    const { container } = render(<Field max={10} />)
    const box = container.querySelector('.box') as HTMLTextAreaElement
    const count = () => container.querySelector('.cw-x__count')
    expect(box.getAttribute('data-maxlength')).toBe('-1')
    expect(count()?.textContent).toBe('0/10 字')
    fireEvent.input(box, { target: { value: '😀'.repeat(10) } })
    expect(count()?.textContent).toBe('10/10 字')
    expect(count()?.className).not.toContain('cw-text-count--over')
    fireEvent.input(box, { target: { value: '😀'.repeat(10) + '长长' } })
    expect(count()?.textContent).toBe('已超过2个字')
    expect(count()?.className).toContain('cw-text-count--over')
    expect(count()?.getAttribute('aria-live')).toBe('polite')
    expect(box.value).toBe('😀'.repeat(10) + '长长')
  })

  it('should show nothing within the limit when asked to, and the excess once over', () => {
    const { container } = render(<Field max={3} onlyWhenOver />)
    const box = container.querySelector('.box') as HTMLTextAreaElement
    fireEvent.input(box, { target: { value: '🙏🙏🙏' } })
    expect(container.querySelector('.cw-x__count')).toBeNull()
    fireEvent.input(box, { target: { value: '🙏🙏🙏🙏' } })
    expect(container.querySelector('.cw-x__count')?.textContent).toBe('已超过1个字')
  })

  it('should word the refusal before sending, and leave room for emoji in a one-line field', () => {
    expect(overBy(' 😀😀 \u200b', 2)).toBeNull()
    expect(tooLongText('问题', '长'.repeat(501), 500)).toBe('问题已超过1个字，请删减到500个字以内')
    expect(tooLongText('问题', '😀'.repeat(500), 500)).toBeNull()
    expect(
      firstTooLong([
        ['标题', '好', 5],
        ['内容', '😀'.repeat(4), 3],
      ]),
    ).toBe('内容已超过1个字，请删减到3个字以内')
    // A one-line field's maxlength counts UTF-16 units: the limit in emoji fits.
    expect('😀'.repeat(20).length).toBeLessThanOrEqual(oneLineMaxLength(20))
  })
})
