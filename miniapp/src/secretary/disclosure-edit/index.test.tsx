import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildItem, buildMe, buildRegion } from '../../../test/support/builders'
import {
  buildEditorDraft as buildDraft,
  editorBff,
  editorId as id,
  editorItem as item,
  editorSecretary as secretary,
  editorVillage as village,
} from '../../../test/support/disclosure-editor'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import DisclosureEditPage from './index'

/** An item whose disclosures carry a list. */
const withTable = buildItem({
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

describe('DisclosureEditPage', () => {
  beforeEach(resetSession)

  it('should take a published file down (撤下附件) with a reason after a confirmation, not 删除附件', async () => {
    signIn('sec')
    __setRouterParams({ id })
    const photo = { id: 'f1', filename: '公示栏照片.jpg', contentType: 'image/jpeg', size: 9, url: '/f1' }
    let d = buildDraft({ status: 'published', attachments: [photo] })
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: d }),
      [`POST /api/v1/disclosures/${id}/attachments/f1/withdraw`]: () => {
        d = {
          ...d,
          attachments: [],
          withdrawnAttachments: [{ id: 'f1', withdrawnAt: 'x', reason: '有身份证号' }],
        }
        return {
          status: 200,
          body: { id: 'f1', withdrawnAt: '2026-12-01T02:00:00.000Z', reason: '有身份证号' },
        }
      },
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    expect(screen.queryByText('删除附件')).toBeNull()
    fireEvent.click(screen.getByText('撤下附件'))
    fireEvent.change(screen.getByLabelText('撤下原因（村民会看到）'), { target: { value: '有身份证号' } })
    fireEvent.click(screen.getByText('下一步'))
    fireEvent.click(screen.getByText('确定撤下'))
    await flush(6)
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ reason: '有身份证号' })
    expect(container.querySelector('.cw-sedit__withdrawn')?.textContent).toBe('附件已撤下原因：有身份证号')
    expect(screen.queryByText('撤下附件')).toBeNull()
  })

  it('should say who returned a draft: 县里 when the county did, 审核人 when it is not known', async () => {
    signIn('sec')
    __setRouterParams({ id })
    let draft = buildDraft({ reviewComment: '金额需复核', reviewOffice: '县里' })
    editorBff([item], { [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: draft }) })
    const first = render(<DisclosureEditPage />)
    await flush()
    expect(first.container.querySelector('.cw-sedit__review-comment')?.textContent).toBe(
      '县里退回意见：金额需复核',
    )
    first.unmount()
    draft = buildDraft({ reviewComment: '金额需复核', reviewOffice: null })
    const second = render(<DisclosureEditPage />)
    await flush()
    expect(second.container.querySelector('.cw-sedit__review-comment')?.textContent).toBe(
      '审核人退回意见：金额需复核',
    )
  })

  it('should edit the figures (公开的标准数额) of a draft and save them with the draft', async () => {
    signIn('sec')
    __setRouterParams({ id })
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft() }),
      [`PATCH /api/v1/disclosures/${id}`]: (req) => ({
        status: 200,
        body: buildDraft({ figures: (req.body as { figures: DisclosureDto['figures'] }).figures }),
      }),
    })
    const { container, getByText } = render(<DisclosureEditPage />)
    await flush()
    expect(container.textContent).toContain('公开的标准数额')
    const amount = container.querySelector('.cw-feditor__amount') as HTMLInputElement
    expect(amount.value).toBe('650')
    fireEvent.change(amount, { target: { value: '680' } })
    fireEvent.click(getByText('添加一项标准数额'))
    const rows = container.querySelectorAll('.cw-feditor__row')
    fireEvent.change(rows[1]?.querySelector('.cw-feditor__name') as Element, {
      target: { value: '特困供养标准' },
    })
    fireEvent.change(rows[1]?.querySelector('.cw-feditor__amount') as Element, {
      target: { value: '900元/月' },
    })
    fireEvent.click(getByText('保存草稿'))
    await flush()
    const patch = seen.find((r) => r.method === 'PATCH')
    expect(patch?.body).toMatchObject({
      figures: [
        { name: '低保标准', value: 680, unit: '元/月' },
        { name: '特困供养标准', value: '900元/月' },
      ],
    })
    expect(container.textContent).toContain('草稿已保存')
  })

  it('should send the revision it edited, and on a copy someone else saved since say so and reload it', async () => {
    signIn('sec')
    __setRouterParams({ id })
    let stored = buildDraft({ revision: 3 })
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: stored }),
      [`PATCH /api/v1/disclosures/${id}`]: (req) => {
        const { revision, ...fields } = req.body as { revision?: number; title: string }
        if (revision !== stored.revision)
          return apiError(409, 'disclosure_stale', '别人刚改过这条内容，请刷新后再改', {
            revision: stored.revision,
          })
        stored = { ...stored, ...fields, revision: (revision ?? 0) + 1 }
        return { status: 200, body: stored }
      },
    })
    const { container, getByText, getByLabelText } = render(<DisclosureEditPage />)
    await flush()
    // Someone else saves the draft meanwhile.
    stored = buildDraft({ revision: 4, title: '别人改过的标题' })
    fireEvent.change(getByLabelText('标题'), { target: { value: '我改的标题' } })
    fireEvent.click(getByText('保存草稿'))
    await flush()
    expect(
      seen.filter((r) => r.method === 'PATCH').map((r) => (r.body as { revision: number }).revision),
    ).toEqual([3])
    expect(container.textContent).toContain('别人刚改过这条内容，请刷新后再改')
    fireEvent.click(getByText('载入最新内容'))
    await flush()
    expect((getByLabelText('标题') as HTMLInputElement).value).toBe('别人改过的标题')
    expect(container.textContent).not.toContain('别人刚改过这条内容')
    expect(screen.queryByText('载入最新内容')).toBeNull()
    fireEvent.click(getByText('保存草稿'))
    await flush()
    expect(
      seen.filter((r) => r.method === 'PATCH').map((r) => (r.body as { revision: number }).revision),
    ).toEqual([3, 4])
    expect(container.textContent).toContain('草稿已保存')
  })

  it('should show the figures of a published disclosure as text', async () => {
    signIn('sec')
    __setRouterParams({ id })
    editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft({ status: 'published' }) }),
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    expect(container.querySelector('.cw-feditor__value')?.textContent).toBe('低保标准：650 元/月')
    expect(container.querySelector('.cw-feditor__amount')).toBeNull()
  })

  it('should add, edit and remove Q&A on a draft and save them as the interpretation', async () => {
    signIn('sec')
    __setRouterParams({ id })
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft() }),
      [`PATCH /api/v1/disclosures/${id}`]: (req) => ({
        status: 200,
        body: { ...buildDraft(), ...(req.body as object) },
      }),
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    fireEvent.click(screen.getByText('添加一条问答'))
    fireEvent.click(screen.getByText('添加一条问答'))
    const inputs = () => [...container.querySelectorAll('.cw-sedit__qa input')]
    expect(inputs()).toHaveLength(4)
    fireEvent.change(inputs()[0] as Element, { target: { value: '多久公示一次？' } })
    fireEvent.change(inputs()[1] as Element, { target: { value: '每月一次。' } })
    fireEvent.click(screen.getAllByText('删除这条问答')[1] as Element)
    expect(inputs()).toHaveLength(2)
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    const saved = seen.find((r) => r.method === 'PATCH')
    expect(saved?.body).toMatchObject({ interpretation: { qa: [{ q: '多久公示一次？', a: '每月一次。' }] } })
  })

  it('should list rows that contradict the roster and submit them only once the secretary confirms', async () => {
    signIn('sec')
    __setRouterParams({ id })
    const mismatch = '第1行：户号002在户籍名册上是李秀英，表中为黄春生'
    const seen = editorBff([item], {
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDraft({ rosterMismatches: [mismatch] }),
      }),
      [`PATCH /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDraft({ rosterMismatches: [mismatch] }),
      }),
      [`POST /api/v1/disclosures/${id}/submit`]: () => ({
        status: 200,
        body: buildDraft({ status: 'pending_review', rosterMismatches: [mismatch] }),
      }),
    })
    const { container, getByText } = render(<DisclosureEditPage />)
    await flush()
    expect(container.querySelector('.cw-sedit__roster')?.textContent).toContain(mismatch)
    fireEvent.click(getByText('我已核对，按表格提交'))
    fireEvent.click(getByText('提交乡镇审核'))
    await flush()
    const submit = seen.find((r) => r.method === 'POST' && r.path.endsWith('/submit'))
    expect(submit?.body).toEqual({ confirmRosterMismatches: true, confirmNoRows: false })
  })
  describe('a new draft', () => {
    const catalog = () => ({
      status: 200,
      body: { version: 'test', village: buildRegion(village, '云溪村委会'), items: [withTable] },
    })
    const me = () => ({ status: 200, body: buildMe({ roles: [secretary], activeRole: secretary }) })

    it('should open with the period asked for, and after saving name the draft in the address', async () => {
      signIn('sec')
      // An overdue month from the schedule, older than the six months the form offers.
      __setRouterParams({ itemId: withTable.id, period: '2025-01' })
      const seen = fakeBff({
        'GET /api/v1/me': me,
        [`GET /api/v1/villages/${village}/catalog`]: catalog,
        [`POST /api/v1/villages/${village}/disclosures`]: () => ({ status: 201, body: buildDraft() }),
      })
      taroMock.redirectTo.mockClear()
      const { container, getByText } = render(<DisclosureEditPage />)
      await flush()
      expect(container.querySelector('.cw-sedit__period--on')?.textContent).toBe('2025年1月')
      // The period chips are radios a keyboard and a screen reader can choose (tester p1, defect 8).
      expect(screen.getByRole('radiogroup', { name: '期次' })).toBeTruthy()
      expect(screen.getByRole('radio', { name: '2025年1月' }).getAttribute('aria-checked')).toBe('true')
      // The Excel import is there before anything is saved (it creates the draft).
      expect(container.querySelector('.cw-timport')).not.toBeNull()
      expect(container.textContent).not.toContain('先保存草稿')
      fireEvent.click(getByText('保存草稿'))
      await flush()
      expect(seen.find((r) => r.method === 'POST')?.body).toMatchObject({ period: '2025-01' })
      expect(taroMock.redirectTo).toHaveBeenCalledWith({
        url: `/secretary/disclosure-edit/index?id=${id}`,
      })
    })

    it('should offer to open the disclosure that already exists for the item and period', async () => {
      signIn('sec')
      __setRouterParams({ itemId: withTable.id })
      fakeBff({
        'GET /api/v1/me': me,
        [`GET /api/v1/villages/${village}/catalog`]: catalog,
        [`POST /api/v1/villages/${village}/disclosures`]: () => ({
          status: 409,
          body: {
            error: {
              code: 'disclosure_exists',
              message: '本期已有该事项的公开内容',
              details: { disclosureId: id },
            },
          },
        }),
      })
      taroMock.redirectTo.mockClear()
      const { getByText } = render(<DisclosureEditPage />)
      await flush()
      fireEvent.click(getByText('保存草稿'))
      await flush()
      fireEvent.click(getByText('打开已有的内容'))
      expect(taroMock.redirectTo).toHaveBeenCalledWith({
        url: `/secretary/disclosure-edit/index?id=${id}`,
      })
    })
  })

  it('should submit an empty list only once the secretary confirms the period has none', async () => {
    signIn('sec')
    __setRouterParams({ id })
    const seen = editorBff([withTable], {
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDraft({ body: '本月无支出。' }) }),
      [`PATCH /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDraft({ body: '本月无支出。' }),
      }),
      [`POST /api/v1/disclosures/${id}/submit`]: (req) =>
        (req.body as { confirmNoRows?: boolean }).confirmNoRows
          ? { status: 200, body: buildDraft({ status: 'pending_review' }) }
          : {
              status: 422,
              body: {
                error: {
                  code: 'table_empty',
                  message:
                    '表格还是空的。请填写或导入表格；本期确实没有的（例如本月没有支出），请确认后再提交',
                },
              },
            },
    })
    const { getByText, container } = render(<DisclosureEditPage />)
    await flush()
    fireEvent.click(getByText('提交乡镇审核'))
    await flush()
    expect(container.textContent).toContain('表格还是空的')
    fireEvent.click(getByText('本期确实没有，确认后提交'))
    expect(getByText('已确认本期为空（点此取消）')).toBeTruthy()
    fireEvent.click(getByText('提交乡镇审核'))
    await flush()
    const submits = seen.filter((r) => r.method === 'POST' && r.path.endsWith('/submit'))
    expect(submits.map((r) => (r.body as { confirmNoRows: boolean }).confirmNoRows)).toEqual([false, true])
    expect(container.textContent).toContain('已提交乡镇审核')
  })
})
