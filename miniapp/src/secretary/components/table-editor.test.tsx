import { ID_NUMBER_PROBLEM_MESSAGES, idCheckCharacter, validateTableRows } from '@cunwu/domain'
import { findCatalogItem } from '@cunwu/domain'
import { fireEvent, render, screen, within } from '@testing-library/react'
import type { TableSchema } from '@cunwu/domain'
import { installButtonRoles } from '@/utils/h5-button-role'
import { inputToCell, TableEditor } from './table-editor'

const first17 = '36099919701111032'
const id = `${first17}${idCheckCharacter(first17) ?? ''}`
const column = { type: 'id_number' as const, label: '身份证号' }
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe('inputToCell: ID numbers', () => {
  it('should store a number typed with full-width digits, spaces or a lower-case x as the server does', () => {
    for (const typed of [
      id,
      fullWidth(id),
      `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`,
      id.toLowerCase(),
    ])
      expect(inputToCell(column, typed)).toEqual({ value: id.toUpperCase() })
    // The server takes what the editor sends unchanged (one rule, `readIdNumber`).
    const table = findCatalogItem('social-assistance.dibao.approval')?.table
    if (!table) throw new Error('the 低保 item has a table')
    const typed = inputToCell(column, fullWidth(id))
    const row = {
      name: '王建国',
      household_size: 1,
      amount: 100,
      id_number: 'value' in typed ? typed.value : null,
    }
    const v = validateTableRows(table, [row])
    expect(v.ok && v.rows[0]?.id_number).toBe(id.toUpperCase())
  })

  it('should say what is wrong with a number that is not valid, as the server would', () => {
    expect(inputToCell(column, '110105491231002')).toEqual({
      error: `身份证号：${ID_NUMBER_PROBLEM_MESSAGES.id_old_format}`,
    })
    expect(inputToCell(column, '360999197013110321')).toEqual({
      error: `身份证号：${ID_NUMBER_PROBLEM_MESSAGES.id_birth_date}`,
    })
  })
})

describe('TableEditor: the row form (添加一行)', () => {
  const tekun = findCatalogItem('social-assistance.tekun.review')?.table
  if (!tekun) throw new Error('the 特困 item has a table')
  const schema: TableSchema = {
    ...tekun,
    columns: [
      ...tekun.columns,
      { key: 'in_care', label: '是否集中供养', type: 'boolean', required: false, policy: 'public' },
    ],
  }

  it('should draw enum and yes/no choices as named radio groups a keyboard reaches, and save the one checked', async () => {
    const uninstall = installButtonRoles()
    try {
      const onChange = jest.fn()
      render(<TableEditor schema={schema} rows={[]} onChange={onChange} errors={[]} />)
      fireEvent.click(screen.getByText('添加一行'))
      // The MutationObserver marks what was added.
      await new Promise((resolve) => setTimeout(resolve, 0))
      const noticeType = screen.getByRole('radiogroup', { name: '公示类型' })
      expect(
        within(noticeType)
          .getAllByRole('radio')
          .map((r) => r.textContent),
      ).toEqual(['初审', '认定', '终止'])
      expect(screen.getByRole('radiogroup', { name: '供养方式' })).toBeTruthy()
      const yesNo = screen.getByRole('radiogroup', { name: '是否集中供养' })
      const confirmed = within(noticeType).getByRole('radio', { name: '认定' })
      expect(confirmed.getAttribute('tabindex')).toBe('0')
      expect(confirmed.getAttribute('aria-checked')).toBe('false')
      confirmed.focus()
      fireEvent.keyDown(confirmed, { key: ' ' })
      expect(confirmed.getAttribute('aria-checked')).toBe('true')
      fireEvent.click(within(yesNo).getByRole('radio', { name: '否' }))
      expect(within(yesNo).getByRole('radio', { name: '否' }).getAttribute('aria-checked')).toBe('true')
      fireEvent.input(screen.getByLabelText('姓名'), { target: { value: '王建国' } })
      fireEvent.click(screen.getByText('保存这一行'))
      expect(onChange).toHaveBeenCalledWith([
        expect.objectContaining({ name: '王建国', notice_type: '认定', in_care: false }),
      ])
    } finally {
      uninstall()
    }
  })

  it('should show a stored yes/no as its chip when a row is edited', () => {
    render(
      <TableEditor
        schema={schema}
        rows={[{ name: '王建国', notice_type: '终止', in_care: true }]}
        onChange={() => undefined}
        errors={[]}
      />,
    )
    fireEvent.click(screen.getByText('修改'))
    const yesNo = screen.getByRole('radiogroup', { name: '是否集中供养' })
    expect(within(yesNo).getByRole('radio', { name: '是' }).getAttribute('aria-checked')).toBe('true')
    const noticeType = screen.getByRole('radiogroup', { name: '公示类型' })
    expect(within(noticeType).getByRole('radio', { name: '终止' }).getAttribute('aria-checked')).toBe('true')
  })
})
