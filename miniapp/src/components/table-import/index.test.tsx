import { act, fireEvent, render, screen } from '@testing-library/react'
import type { TableSchema } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import {
  startGovernmentImport,
  startTableImport,
  applyGovernmentImport,
  applyTableImport,
} from '@/services/api/table-imports'
import { POLL_MS, TableImport, sheetsText } from '.'

const schema: TableSchema = {
  kind: 'roster',
  title: '名单',
  columns: [
    { key: 'name', label: '姓名', type: 'text', required: true, policy: 'public' },
    { key: 'amount', label: '金额', type: 'amount_fen', required: true, policy: 'public', total: true },
  ],
  minorRule: null,
  provenance: 'source',
}

function job(overrides: Record<string, unknown>) {
  return {
    id: '65f0000000000000000000e1',
    kind: 'disclosure',
    catalogItemId: 'x',
    governmentItemId: null,
    filename: 'a.xlsx',
    status: 'processing',
    stage: 'checking',
    progress: { done: 0, total: 30 },
    headerRow: 1,
    sourceLabels: ['姓名', '钱数'],
    mapping: { name: 0, amount: null },
    villageColumn: null,
    unmappedRequired: [],
    rowCount: 0,
    villageCount: 0,
    preview: [],
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    declaredTotals: null,
    sums: null,
    failure: null,
    ...overrides,
  }
}

describe('TableImport', () => {
  beforeEach(resetSession)

  it('should upload, poll every 500 ms, ask for the missing column, and apply after the remap', async () => {
    signIn('sec')
    taroMock.chooseMessageFile.mockResolvedValue({ tempFiles: [{ name: 'a.xlsx', size: 10, path: 'tmp/a' }] })
    taroMock.uploadFile.mockResolvedValue({
      statusCode: 202,
      data: JSON.stringify(job({ progress: { done: 10, total: 30 } })),
    })
    const seen = fakeBff({
      'GET /api/v1/table-imports/65f0000000000000000000e1': () => ({
        status: 200,
        body: job({
          status: 'ready',
          progress: { done: 30, total: 30 },
          unmappedRequired: ['amount'],
          rowCount: 30,
        }),
      }),
      'POST /api/v1/table-imports/65f0000000000000000000e1/mapping': () => ({
        status: 200,
        body: job({
          status: 'ready',
          progress: { done: 30, total: 30 },
          mapping: { name: 0, amount: 1 },
          rowCount: 30,
        }),
      }),
    })
    const applied = jest.fn()
    const { container } = render(
      <TableImport
        schema={schema}
        start={(file) => startTableImport('360999100200', 'x', file)}
        apply={(id) => applyTableImport(id, { disclosureId: 'd1' })}
        onApplied={applied}
      />,
    )
    fireEvent.click(screen.getByText('从 Excel / CSV 导入'))
    await flush()
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('正在检查：10 / 30 行')
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('33')
    expect(POLL_MS).toBe(500)
    expect(seen).toHaveLength(0)

    // Real time: the next poll is due POLL_MS after the upload answered.
    await act(() => new Promise((resolve) => setTimeout(resolve, POLL_MS + 100)))
    await flush()
    expect(seen.map((r) => r.method)).toEqual(['GET'])
    expect(container.textContent).toContain('这些必填列没有对上：金额')
    expect(container.querySelector('.cw-timport__apply')).toBeNull()

    const amount = screen.getByRole('button', { name: /^金额 \*/ })
    expect(amount.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(amount)
    expect(amount.getAttribute('aria-expanded')).toBe('true')
    // The file's columns are a radio group a keyboard and a screen reader can choose from.
    expect(screen.getByRole('radiogroup', { name: '金额对应文件里的哪一列' })).toBeTruthy()
    expect(screen.getByRole('radio', { name: '不导入' })).toBeTruthy()
    fireEvent.click(screen.getByRole('radio', { name: '钱数' }))
    fireEvent.click(screen.getByText('按这个对应关系重新检查'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: { headerRow: 1, mapping: { name: 0, amount: 1 } },
    })
    expect(container.querySelector('.cw-timport__apply')?.textContent).toBe('使用这 30 行')
  })

  it('should ask for the village column of a roster, list the row errors, and show the rows a 422 on apply names', async () => {
    signIn('county')
    const roster = (overrides: Record<string, unknown>) =>
      job({
        kind: 'government_item',
        governmentItemId: '65f0000000000000000000a1',
        status: 'failed',
        progress: { done: 3, total: 3 },
        headerRow: 0,
        sourceLabels: ['所在', '姓名', '钱数'],
        mapping: { name: 1, amount: 2 },
        unmappedRequired: ['village'],
        failure: '没有找到“村名”或“区划代码”列，请选出所属村对应的列',
        ...overrides,
      })
    taroMock.chooseMessageFile.mockResolvedValue({
      tempFiles: [{ name: '名册.csv', size: 10, path: 'tmp/b' }],
    })
    taroMock.uploadFile.mockResolvedValue({ statusCode: 202, data: JSON.stringify(roster({})) })
    const seen = fakeBff({
      'POST /api/v1/table-imports/65f0000000000000000000e1/mapping': () => ({
        status: 200,
        body: roster({
          status: 'ready',
          villageColumn: 0,
          unmappedRequired: [],
          failure: null,
          rowCount: 3,
          villageCount: 2,
        }),
      }),
      'POST /api/v1/table-imports/65f0000000000000000000e1/apply': () => ({
        status: 422,
        body: {
          error: {
            code: 'government_rows_invalid',
            message: '名单有 1 处错误，没有保存，请修改后重新提交',
            details: {
              errors: [
                {
                  row: 3,
                  column: 'village',
                  label: '所属村',
                  code: 'unknown_village',
                  message: '第 3 行「所属村」：找不到这个村（云溪）',
                },
              ],
              errorCount: 1,
            },
          },
        },
      }),
    })
    const applied = jest.fn()
    const { container } = render(
      <TableImport
        schema={schema}
        villageColumn
        start={(file) => startGovernmentImport('65f0000000000000000000a1', file)}
        apply={(id) => applyGovernmentImport(id)}
        onApplied={applied}
      />,
    )
    fireEvent.click(screen.getByText('从 Excel / CSV 导入'))
    await flush()
    expect(container.textContent).toContain('这些必填列没有对上：所属村')
    expect(container.querySelector('.cw-timport__map-row[data-column="village"]')?.textContent).toContain(
      '所属村（村名或区划代码） * ← （未选）',
    )

    fireEvent.click(screen.getByText(/^所属村（村名或区划代码）/))
    fireEvent.click(screen.getByText('所在'))
    fireEvent.click(screen.getByText('按这个对应关系重新检查'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      body: { headerRow: 0, mapping: { name: 1, amount: 2 }, villageColumn: 0 },
    })
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('已读取 3 行，涉及 2 个村')

    fireEvent.click(screen.getByText('使用这 3 行'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: {} })
    expect(applied).not.toHaveBeenCalled()
    expect(container.querySelector('.cw-timport__error[data-row="3"]')?.textContent).toBe(
      '第 3 行「所属村」：找不到这个村（云溪）',
    )
    expect(container.textContent).toContain('名单有 1 处错误，没有保存')
    expect(container.querySelector('.cw-timport__apply')).toBeNull()
  })

  it('should say that a sheet of the same households was left out and can be chosen (re-probe N1)', () => {
    expect(
      sheetsText({
        filename: '低保按月.xlsx',
        sheets: [
          { index: 0, name: '2026年6月', dataRows: 5, use: 'used' },
          { index: 1, name: '2026年5月', dataRows: 4, use: 'overlaps', overlapsWith: '2026年6月' },
        ],
      }),
    ).toEqual([
      '工作簿有 2 个工作表，只导入了“2026年6月”',
      '“2026年5月”与工作表“2026年6月”有相同的户（或是另一个月份、汇总表），没有一起导入；如要导入它，请选择这个工作表',
    ])
  })

  it('should say which sheets were imported, list the rows left out, and import one sheet on request', async () => {
    signIn('sec')
    const sheets = [
      { index: 0, name: '填表说明', dataRows: 1, use: 'instructions' },
      { index: 1, name: '一组', dataRows: 2, use: 'used' },
      { index: 2, name: '二组', dataRows: 3, use: 'used' },
    ]
    const ready = job({
      filename: '各组名单.xlsx',
      status: 'ready',
      progress: { done: 5, total: 5 },
      mapping: { name: 0, amount: 1 },
      rowCount: 4,
      sheets,
      sheetIndex: 1,
      skipped: [
        {
          reason: 'totals',
          sheet: '二组',
          rows: [6],
          message: '工作表「二组」第 6 行是合计、小计行，没有导入',
        },
      ],
      skippedCount: 1,
    })
    taroMock.chooseMessageFile.mockResolvedValue({
      tempFiles: [{ name: '各组名单.xlsx', size: 10, path: 'tmp/c' }],
    })
    taroMock.uploadFile.mockResolvedValue({ statusCode: 202, data: JSON.stringify(ready) })
    const seen = fakeBff({
      'POST /api/v1/table-imports/65f0000000000000000000e1/mapping': () => ({
        status: 200,
        body: {
          ...ready,
          rowCount: 3,
          sheetIndex: 2,
          sheets: sheets.map((s) => ({
            ...s,
            use: s.index === 2 ? 'used' : s.use === 'used' ? 'not_chosen' : s.use,
          })),
          skipped: [],
          skippedCount: 0,
        },
      }),
    })
    const { container } = render(
      <TableImport
        schema={schema}
        start={(file) => startTableImport('360999100200', 'x', file)}
        apply={(id) => applyTableImport(id, { disclosureId: 'd1' })}
        onApplied={jest.fn()}
      />,
    )
    fireEvent.click(screen.getByText('从 Excel / CSV 导入'))
    await flush()
    const lines = () => [...container.querySelectorAll('.cw-timport__sheets')].map((n) => n.textContent)
    expect(lines()).toEqual([
      '工作簿有 3 个工作表，一起导入了 2 个：“一组”（2 行）、“二组”（3 行）',
      '“填表说明”是填表说明或示例，没有导入',
    ])
    expect(container.textContent).toContain('有 1 行没有导入，请核对是否应当导入：')
    expect(container.querySelector('[data-reason="totals"]')?.textContent).toBe(
      '工作表「二组」第 6 行是合计、小计行，没有导入',
    )

    fireEvent.click(screen.getByText('只导入“二组”'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: { sheetIndex: 2 } })
    expect(lines()).toEqual([
      '工作簿有 3 个工作表，只导入了“二组”',
      '“填表说明”是填表说明或示例，没有导入',
      '“一组”这次没有选，没有导入',
    ])
    expect(container.querySelector('.cw-timport__apply')?.textContent).toBe('使用这 3 行')
  })
})
