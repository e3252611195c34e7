import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildItem, buildMe, buildRegion } from '../../../test/support/builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

const id = '65f0000000000000000000d9'
const importId = '65f0000000000000000000e9'
const village = '360999100200'
const secretary = { role: 'secretary' as const, regionCode: village }
const item = buildItem({
  levels: ['county', 'village'],
  table: {
    kind: 'list',
    title: '名单',
    columns: [{ key: 'name', label: '姓名', type: 'text', required: true, policy: 'public' }],
    minorRule: null,
    provenance: 'designed',
    note: '测试用的表格',
  },
})
const STALE = '别人刚改过这条内容，请刷新后再改'

/**
 * The draft as the BFF stores it, and the BFF's rules the editor meets (tester p1, D1): a request naming an older
 * revision is 409 disclosure_stale, every write raises the revision by one.
 */
function draftServer(colleagueBetween = false) {
  let stored: DisclosureDto = {
    id,
    regionCode: village,
    catalogItemId: item.id,
    catalogItemName: item.name,
    domainId: item.domainId,
    period: '2026-07',
    version: 1,
    status: 'draft',
    title: '原标题甲乙',
    body: '原正文',
    interpretation: null,
    figures: [],
    table: {
      title: '名单',
      columns: [],
      rows: [{ name: '张三' }],
      totals: {},
      rowCount: 1,
      omittedRowCount: 0,
    },
    attachments: [],
    changeNote: null,
    publishedAt: null,
    postingUntil: null,
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    revision: 0,
  }
  const stale = (named: unknown) => named !== undefined && Number(named) !== stored.revision
  const refused = () => apiError(409, 'disclosure_stale', STALE, { revision: stored.revision })
  const save = (fields: Partial<DisclosureDto>) => {
    stored = { ...stored, ...fields, revision: (stored.revision ?? 0) + 1 }
  }
  const file = { id: 'f1', filename: '会议记录.pdf', contentType: 'application/pdf', size: 9, url: '/f1' }
  taroMock.chooseMessageFile.mockResolvedValue({
    tempFiles: [{ name: '会议记录.pdf', size: 9, path: 'tmp/f1' }],
  })
  taroMock.uploadFile.mockImplementation(async ({ url }: { url: string }) => {
    const named = new URL(url, 'http://x').searchParams.get('revision') ?? undefined
    if (stale(named)) return { statusCode: 409, data: JSON.stringify(refused().body) }
    save({ attachments: [file] })
    // A colleague's save lands between the upload and the page's reading the draft again.
    if (colleagueBetween) save({ title: '同事刚改的标题' })
    return { statusCode: 201, data: JSON.stringify(file) }
  })
  const seen = fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) }),
    [`GET /api/v1/villages/${village}/catalog`]: () => ({
      status: 200,
      body: { version: 'test', village: buildRegion(village, '云溪村委会'), items: [item] },
    }),
    [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: stored }),
    [`PATCH /api/v1/disclosures/${id}`]: (req) => {
      const { revision, ...fields } = req.body as Partial<DisclosureDto>
      if (stale(revision)) return refused()
      save(fields)
      return { status: 200, body: stored }
    },
    [`DELETE /api/v1/disclosures/${id}/attachments/f1`]: (req) => {
      if (stale(req.query.revision)) return refused()
      save({ attachments: [] })
      return { status: 204 }
    },
    [`POST /api/v1/table-imports/${importId}/apply`]: (req) => {
      const { revision } = req.body as { revision?: number }
      if (stale(revision)) return refused()
      save({ table: { ...stored.table!, rows: [{ name: '李四' }], rowCount: 1 } })
      return { status: 200, body: stored }
    },
  })
  return {
    seen,
    stored: () => stored,
    colleagueSaves: (fields: Partial<DisclosureDto>) => save(fields),
  }
}

const titleBox = () => screen.getByLabelText('标题') as HTMLInputElement

describe('the editor after a colleague saved the draft it shows (tester p1, D1)', () => {
  beforeEach(() => {
    resetSession()
    signIn('sec')
    __setRouterParams({ id })
  })

  it('should refuse to add a file on a stale page, then not overwrite the colleague on save, and load theirs', async () => {
    const bff = draftServer()
    const { container } = render(<DisclosureEditPage />)
    await flush()
    bff.colleagueSaves({ title: 'B改的标题（同事）' })
    fireEvent.click(screen.getByText('添加图片或 PDF（不超过 10 MB）'))
    await flush(6)
    expect(String(taroMock.uploadFile.mock.calls[0]?.[0]?.url)).toContain('revision=0')
    expect(container.textContent).toContain(STALE)
    expect(screen.getByText('载入最新内容')).toBeTruthy()
    // A save from this page is still refused: the colleague's title stands.
    fireEvent.change(screen.getByPlaceholderText('用大白话写清楚这次公开的是什么'), {
      target: { value: 'A改的正文' },
    })
    fireEvent.click(screen.getByText('保存草稿'))
    await flush(6)
    expect(bff.stored()).toMatchObject({ title: 'B改的标题（同事）', body: '原正文', revision: 1 })
    expect(container.textContent).not.toContain('草稿已保存')
    fireEvent.click(screen.getByText('载入最新内容'))
    await flush(6)
    expect(titleBox().value).toBe('B改的标题（同事）')
  })

  it('should take its own file in and keep saving; a save landing in between is said, not taken in', async () => {
    const bff = draftServer()
    const { container, unmount } = render(<DisclosureEditPage />)
    await flush()
    fireEvent.click(screen.getByText('添加图片或 PDF（不超过 10 MB）'))
    await flush(6)
    expect(container.textContent).toContain('附件已添加')
    fireEvent.click(screen.getByText('删除附件'))
    await flush(6)
    expect(bff.seen.find((r) => r.method === 'DELETE')?.query).toMatchObject({ revision: '1' })
    expect(container.textContent).toContain('附件已删除')
    fireEvent.click(screen.getByText('保存草稿'))
    await flush(6)
    expect(container.textContent).toContain('草稿已保存')
    expect(bff.stored()).toMatchObject({ title: '原标题甲乙', attachments: [], revision: 3 })
    unmount()

    const raced = draftServer(true)
    const second = render(<DisclosureEditPage />)
    await flush()
    fireEvent.click(screen.getByText('添加图片或 PDF（不超过 10 MB）'))
    await flush(6)
    expect(second.container.textContent).toContain(
      '附件已添加。别人刚刚也改过这条内容，请先载入最新内容再修改',
    )
    expect(titleBox().value).toBe('原标题甲乙')
    fireEvent.click(screen.getByText('保存草稿'))
    await flush(6)
    expect(raced.stored()).toMatchObject({ title: '同事刚改的标题', revision: 2 })
  })

  it('should apply an import with the revision it shows, and on a stale page offer 载入最新内容', async () => {
    const bff = draftServer()
    taroMock.chooseMessageFile.mockResolvedValue({ tempFiles: [{ name: 'a.xlsx', size: 10, path: 'tmp/a' }] })
    taroMock.uploadFile.mockResolvedValue({
      statusCode: 202,
      data: JSON.stringify({
        id: importId,
        kind: 'disclosure',
        catalogItemId: item.id,
        governmentItemId: null,
        filename: 'a.xlsx',
        status: 'ready',
        stage: 'checking',
        progress: { done: 1, total: 1 },
        headerRow: 0,
        sourceLabels: ['姓名'],
        mapping: { name: 0 },
        villageColumn: null,
        unmappedRequired: [],
        rowCount: 1,
        villageCount: 0,
        preview: [],
        errors: [],
        errorCount: 0,
        warnings: [],
        warningCount: 0,
        declaredTotals: null,
        sums: null,
        failure: null,
      }),
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    bff.colleagueSaves({ title: 'B改的标题（同事）' })
    fireEvent.click(screen.getByText('从 Excel / CSV 导入'))
    await flush(6)
    fireEvent.click(screen.getByText('使用这 1 行'))
    await flush(6)
    expect(bff.seen.find((r) => r.method === 'POST')?.body).toEqual({ disclosureId: id, revision: 0 })
    expect(bff.stored()).toMatchObject({ title: 'B改的标题（同事）', revision: 1 })
    expect(screen.getByText('载入最新内容')).toBeTruthy()
    fireEvent.click(screen.getByText('提交乡镇审核'))
    await flush(6)
    expect(bff.stored()).toMatchObject({ title: 'B改的标题（同事）', status: 'draft' })
    expect(container.textContent).not.toContain('已提交乡镇审核')
  })
})
