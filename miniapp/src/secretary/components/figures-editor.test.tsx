import { fireEvent, render } from '@testing-library/react'
import { useState } from 'react'
import { FiguresEditor, figureRowsOf, figuresOf, type FigureRow } from './figures-editor'

function Harness({ initial, onRows }: { initial: FigureRow[]; onRows: (rows: FigureRow[]) => void }) {
  const [rows, setRows] = useState(initial)
  return (
    <FiguresEditor
      rows={rows}
      onChange={(next) => {
        setRows(next)
        onRows(next)
      }}
    />
  )
}

describe('figuresOf', () => {
  it('should send plain numbers as numbers, other values as typed, and drop blank rows', () => {
    expect(
      figuresOf([
        { name: ' 低保标准 ', value: ' 680 ', unit: '元/月' },
        { name: '补贴标准', value: '105.5', unit: '' },
        { name: '特困供养标准', value: '900元/月', unit: '' },
        { name: '编号', value: '0680', unit: '' },
        { name: ' ', value: '', unit: ' ' },
      ]),
    ).toEqual([
      { name: '低保标准', value: 680, unit: '元/月' },
      { name: '补贴标准', value: 105.5 },
      { name: '特困供养标准', value: '900元/月' },
      { name: '编号', value: '0680' },
    ])
  })

  it('should keep a half-filled row so the server can say what is missing', () => {
    expect(figuresOf([{ name: '', value: '680', unit: '' }])).toEqual([{ name: '', value: 680 }])
  })

  it('should read a disclosure figures back into rows', () => {
    expect(
      figureRowsOf([
        { name: '低保标准', value: 680, unit: '元/月' },
        { name: '补贴', value: '105.5' },
      ]),
    ).toEqual([
      { name: '低保标准', value: '680', unit: '元/月' },
      { name: '补贴', value: '105.5', unit: '' },
    ])
  })
})

describe('FiguresEditor', () => {
  it('should add a row, fill it in and remove another', () => {
    const onRows = jest.fn()
    const { container, getByText } = render(
      <Harness initial={[{ name: '旧标准', value: '1', unit: '' }]} onRows={onRows} />,
    )
    fireEvent.click(getByText('添加一项标准数额'))
    const rows = container.querySelectorAll('.cw-feditor__row')
    expect(rows).toHaveLength(2)
    const second = rows[1]
    if (!second) throw new Error('no second row')
    fireEvent.change(second.querySelector('.cw-feditor__name') as Element, { target: { value: '低保标准' } })
    fireEvent.change(second.querySelector('.cw-feditor__amount') as Element, { target: { value: '680' } })
    fireEvent.change(second.querySelector('.cw-feditor__unit') as Element, { target: { value: '元/月' } })
    fireEvent.click(container.querySelectorAll('.cw-feditor__remove')[0] as Element)
    expect(onRows).toHaveBeenLastCalledWith([{ name: '低保标准', value: '680', unit: '元/月' }])
    expect(container.querySelectorAll('.cw-feditor__row')).toHaveLength(1)
  })

  it('should stop offering rows at 20, and show figures as text when read-only', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ name: `标准${i}`, value: String(i), unit: '' }))
    const full = render(<FiguresEditor rows={twenty} onChange={() => {}} />)
    expect(full.queryByText('添加一项标准数额')).toBeNull()
    const shown = render(
      <FiguresEditor
        rows={[{ name: '低保标准', value: '680', unit: '元/月' }]}
        readOnly
        onChange={() => {}}
      />,
    )
    expect(shown.container.textContent).toBe('低保标准：680 元/月')
    expect(shown.container.querySelector('input')).toBeNull()
    const none = render(<FiguresEditor rows={[]} readOnly onChange={() => {}} />)
    expect(none.container.textContent).toBe('没有填写标准数额')
  })
})
