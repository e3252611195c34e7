import { act, fireEvent, render, screen } from '@testing-library/react'
import type { TableSchema } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { POLL_MS, TableImport } from './table-import'

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
    status: 'processing',
    progress: { done: 0, total: 30 },
    headerRow: 1,
    sourceLabels: ['姓名', '钱数'],
    mapping: { name: 0, amount: null },
    unmappedRequired: [],
    rowCount: 0,
    preview: [],
    errors: [],
    errorCount: 0,
    warnings: [],
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
        villageCode="360999100200"
        catalogItemId="x"
        schema={schema}
        disclosureId="d1"
        onApplied={applied}
      />,
    )
    fireEvent.click(screen.getByText('从 Excel / CSV 导入'))
    await flush()
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('正在读取：10 / 30 行')
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('33')
    expect(POLL_MS).toBe(500)
    expect(seen).toHaveLength(0)

    // Real time: the next poll is due POLL_MS after the upload answered.
    await act(() => new Promise((resolve) => setTimeout(resolve, POLL_MS + 100)))
    await flush()
    expect(seen.map((r) => r.method)).toEqual(['GET'])
    expect(container.textContent).toContain('这些必填列没有对上：金额')
    expect(container.querySelector('.cw-timport__apply')).toBeNull()

    fireEvent.click(screen.getByText(/^金额 \*/))
    fireEvent.click(screen.getByText('钱数'))
    fireEvent.click(screen.getByText('按这个对应关系重新检查'))
    await flush()
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: { headerRow: 1, mapping: { name: 0, amount: 1 } },
    })
    expect(container.querySelector('.cw-timport__apply')?.textContent).toBe('使用这 30 行')
  })
})
