import { act, fireEvent, render } from '@testing-library/react'
import { findCatalogItem, getCatalog, type GovernmentItemDto, type TableSchema } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildItem, buildMe } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { POLL_MS } from '@/components/table-import'
import { periodLabel, todayInChina } from '@/utils/period'
import GovernmentItemsPage, { currentPeriod, periodHint } from './index'

const COUNTY = '360999000000'
const county = { role: 'county' as const, regionCode: COUNTY, regionName: '云溪县' }
const ITEM_ID = 'agricultural-subsidies.cultivated-land-protection'
const GOV_ID = '65f0000000000000000000b1'
const IMPORT_ID = '65f0000000000000000000e9'

const table: TableSchema = {
  kind: 'roster',
  title: '耕地地力保护补贴发放名册',
  columns: [
    { key: 'name', label: '户主姓名', type: 'text', required: true, policy: 'public' },
    { key: 'amount', label: '补贴金额', type: 'amount_fen', required: true, policy: 'public', total: true },
  ],
  minorRule: null,
  provenance: 'source',
}

function buildGovernmentItem(overrides: Partial<GovernmentItemDto> = {}): GovernmentItemDto {
  return {
    id: GOV_ID,
    regionCode: COUNTY,
    level: 'county',
    catalogItemId: ITEM_ID,
    catalogItemName: '耕地地力保护补贴',
    period: '2026',
    version: 1,
    status: 'draft',
    title: '2026年耕地地力保护补贴发放名册',
    body: '',
    figures: [],
    villageCodes: [],
    rowCount: 0,
    village: null,
    table: null,
    rowsPage: null,
    changeNote: null,
    publishedAt: null,
    retractReason: null,
    ...overrides,
  }
}

function buildImport(overrides: Record<string, unknown>) {
  return {
    id: IMPORT_ID,
    kind: 'government_item',
    catalogItemId: ITEM_ID,
    governmentItemId: GOV_ID,
    filename: '名册.xlsx',
    status: 'processing',
    stage: 'reading',
    progress: { done: 0, total: 0 },
    headerRow: 0,
    sourceLabels: ['村名', '户主姓名', '补贴金额'],
    mapping: { name: 1, amount: 2 },
    villageColumn: 0,
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

describe('GovernmentItemsPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('county')
    __setRouterParams({})
  })

  it('should import a roster into a draft with progress and list the row errors, offering no partial import', async () => {
    let poll = 0
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      [`GET /api/v1/regions/${COUNTY}/government-items`]: () => ({
        status: 200,
        body: { governmentItems: [buildGovernmentItem()] },
      }),
      [`GET /api/v1/catalog/items/${ITEM_ID}`]: () => ({
        status: 200,
        body: { version: '2026.1', item: buildItem({ id: ITEM_ID, table }) },
      }),
      [`GET /api/v1/table-imports/${IMPORT_ID}`]: () => {
        poll += 1
        if (poll === 1)
          return {
            status: 200,
            body: buildImport({ stage: 'checking', progress: { done: 20_000, total: 50_000 } }),
          }
        return {
          status: 200,
          body: buildImport({
            status: 'failed',
            stage: null,
            progress: { done: 50_000, total: 50_000 },
            errorCount: 2,
            errors: [
              {
                row: 7,
                column: 'village',
                code: 'unknown_village',
                message: '第 7 行「所属村」：找不到这个村（云西村）',
              },
              {
                row: 9,
                column: 'amount',
                code: 'invalid_amount',
                message: '第 9 行「补贴金额」：不是有效金额（12a4.50）',
              },
            ],
          }),
        }
      },
    })
    taroMock.chooseMessageFile.mockResolvedValue({
      tempFiles: [{ name: '名册.xlsx', size: 10, path: 'tmp/c' }],
    })
    taroMock.uploadFile.mockResolvedValue({ statusCode: 202, data: JSON.stringify(buildImport({})) })

    const { container } = render(<GovernmentItemsPage />)
    await flush()
    const item = container.querySelector(`.cw-gov-items__item[data-id="${GOV_ID}"]`)
    expect(item?.querySelector('.cw-gov-items__rows')?.textContent).toBe('名单 0 行，涉及 0 个村')
    fireEvent.click(item?.querySelector('.cw-gov-items__import') as Element)
    await flush()
    expect(taroMock.uploadFile).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: expect.stringContaining(`/api/v1/government-items/${GOV_ID}/table-imports`),
      }),
    )
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('正在读取文件…')

    await act(() => new Promise((resolve) => setTimeout(resolve, POLL_MS + 100)))
    await flush()
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('正在检查：20000 / 50000 行')
    expect(container.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('40')

    await act(() => new Promise((resolve) => setTimeout(resolve, POLL_MS + 100)))
    await flush()
    expect(container.querySelector('.cw-timport__status')?.textContent).toBe('有 2 处需要改正')
    const errors = [...container.querySelectorAll('.cw-timport__error')].map((e) =>
      e.getAttribute('data-row'),
    )
    expect(errors).toEqual(['7', '9'])
    expect(container.textContent).toContain('第 7 行「所属村」：找不到这个村（云西村）')
    expect(container.querySelector('.cw-timport__apply')).toBeNull()
    expect(seen.filter((r) => r.path.endsWith('/apply'))).toEqual([])
  })
  it('should label the period, say its format and start a monthly item at this month', async () => {
    const monthly = buildItem({ id: ITEM_ID, name: '耕地地力保护补贴', table })
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      [`GET /api/v1/regions/${COUNTY}/government-items`]: () => ({
        status: 200,
        body: { governmentItems: [] },
      }),
      'GET /api/v1/catalog': () => ({
        status: 200,
        body: {
          version: '2026.1',
          domains: getCatalog()
            .domains.filter((d) => d.id === 'agricultural-subsidies')
            .map(({ sources: _s, coverageNote: _c, ...d }) => ({ ...d, itemCount: 1, villageItemCount: 1 })),
        },
      }),
      'GET /api/v1/catalog/domains/agricultural-subsidies': () => ({
        status: 200,
        body: { version: '2026.1', items: [monthly] },
      }),
      [`POST /api/v1/regions/${COUNTY}/government-items`]: () => ({
        status: 201,
        body: buildGovernmentItem(),
      }),
    })
    const { container, getByText } = render(<GovernmentItemsPage />)
    await flush()
    fireEvent.click(getByText('新建政府公开事项'))
    await flush()
    fireEvent.click(container.querySelector('[data-domain="agricultural-subsidies"]') as Element)
    await flush()
    fireEvent.click(container.querySelector(`[data-item="${ITEM_ID}"]`) as Element)
    await flush()
    const month = todayInChina().slice(0, 7)
    const input = container.querySelector('.cw-gov-items__period-input') as HTMLInputElement
    expect(input.value).toBe(month)
    expect(input.getAttribute('aria-label')).toBe('期次')
    expect(container.textContent).toContain('按月公开：填年和月，如 2026-12')
    expect(container.textContent).toContain(`即 ${periodLabel(month)}`)
    expect((container.querySelector('.cw-gov-items__title-input') as HTMLInputElement).value).toBe(
      `${periodLabel(month)}耕地地力保护补贴`,
    )
    fireEvent.click(getByText('保存草稿'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ period: month })
  })

  it('should start an item published as events happen (a subsidy roster) at this year', () => {
    const item = findCatalogItem(ITEM_ID)
    if (!item) throw new Error('catalog item missing')
    expect(item.schedule?.cadence).toBe('immediate')
    expect(currentPeriod(item)).toBe(todayInChina().slice(0, 4))
    expect(periodHint('immediate')).toContain('年份')
  })
})
