import { fireEvent, render, screen } from '@testing-library/react'
import type { DisclosureDto, Region } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildMe, buildRegion } from '../../../test/support/builders'
import {
  buildEditorDraft,
  editorBff,
  editorItem,
  editorSecretary,
  editorVillage,
} from '../../../test/support/disclosure-editor'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { DisclosureCard } from '@/components/disclosure-card'
import DisclosureEditPage from '../disclosure-edit/index'
import SecretaryDisclosuresPage from './index'

/** 云溪村委会 was merged (撤并) into the secretary's village on 1 October 2026. */
const OLD = '360999100201'
const township = `${editorVillage.slice(0, 9)}000`
const villages: Region[] = [
  buildRegion(editorVillage, '石门村'),
  {
    ...buildRegion(OLD, '云溪村委会'),
    retirement: { retiredOn: '2026-10-01', mergedInto: editorVillage, mergedIntoName: '石门村' },
  },
  // Merged into another village: not the secretary's to publish.
  {
    ...buildRegion('360999100202', '东坑村'),
    retirement: { retiredOn: '2026-10-01', mergedInto: '360999100203', mergedIntoName: '西坑村' },
  },
]
const children = () => ({ status: 200, body: { regions: villages } })
const schedule = (entries: object[]) => ({
  status: 200,
  body: { year: 2026, summary: { overdue: 0, dueSoon: 0, late: 0, onTime: 0, upcoming: 0 }, entries },
})
const owedQ3 = {
  itemId: 'village-affairs.meeting-decisions',
  itemName: '村民会议决定事项',
  periodKey: '2026-Q3',
  dueDate: '2026-10-28',
  provisional: false,
  status: 'overdue',
  publishedOn: null,
}

describe('publishing in place of a village merged into the secretary’s (代原某某村发布)', () => {
  beforeEach(() => {
    resetSession()
    signIn('sec')
    __setRouterParams({})
    taroMock.navigateTo.mockClear()
  })

  it('should offer the periods the merged village still owes and open the editor for it on tap', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({
        status: 200,
        body: buildMe({ roles: [editorSecretary], activeRole: editorSecretary }),
      }),
      [`GET /api/v1/villages/${editorVillage}/disclosures`]: () => ({
        status: 200,
        body: { disclosures: [] },
      }),
      [`GET /api/v1/villages/${editorVillage}/schedule`]: () => schedule([]),
      [`GET /api/v1/regions/${township}/children`]: children,
      [`GET /api/v1/villages/${OLD}/schedule`]: () =>
        schedule([owedQ3, { ...owedQ3, periodKey: '2026-Q2', status: 'late', publishedOn: '2026-07-30' }]),
      [`GET /api/v1/villages/${OLD}/disclosures`]: () => ({ status: 200, body: { disclosures: [] } }),
    })
    const { container } = render(<SecretaryDisclosuresPage />)
    await flush()
    expect(container.textContent).toContain('代原云溪村委会发布')
    expect(container.textContent).toContain('云溪村委会已于2026年10月1日并入本村')
    expect(container.textContent).not.toContain('东坑村')
    const rows = [...container.querySelectorAll('.cw-sdlist__merged-item')]
    // Only what is not published yet.
    expect(rows).toHaveLength(1)
    expect(rows[0]?.textContent).toContain('村民会议决定事项 · 2026年第3季度')
    expect(rows[0]?.textContent).toContain('已超期')
    fireEvent.click(rows[0] as Element)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({
      url: `/secretary/disclosure-edit/index?village=${OLD}&itemId=village-affairs.meeting-decisions&period=2026-Q3`,
    })
  })

  it('should create the draft under the merged village and say it is published in its place', async () => {
    const created: { path: string; body: unknown }[] = []
    editorBff([editorItem], {
      [`GET /api/v1/regions/${township}/children`]: children,
      [`POST /api/v1/villages/${OLD}/disclosures`]: (req) => {
        created.push({ path: OLD, body: req.body })
        const draft: DisclosureDto = buildEditorDraft({
          ...(req.body as object),
          regionCode: OLD,
          successor: { regionCode: editorVillage, name: '石门村' },
          revision: 1,
        })
        return { status: 201, body: draft }
      },
    })
    __setRouterParams({ village: OLD, itemId: editorItem.id, period: '2026-09' })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    expect(container.textContent).toContain('代原云溪村委会发布')
    fireEvent.change(screen.getByPlaceholderText('用大白话写清楚这次公开的是什么'), {
      target: { value: '九月的低保名单' },
    })
    fireEvent.click(screen.getByText('保存草稿'))
    await flush()
    expect(created).toEqual([{ path: OLD, body: expect.objectContaining({ period: '2026-09' }) }])
  })

  it('should keep a village not merged into the secretary’s out of reach', async () => {
    __setRouterParams({ id: '65f0000000000000000000d9' })
    fakeBff({
      'GET /api/v1/me': () => ({
        status: 200,
        body: buildMe({ roles: [editorSecretary], activeRole: editorSecretary }),
      }),
      [`GET /api/v1/villages/${editorVillage}/catalog`]: () => ({
        status: 200,
        body: { version: 'test', village: buildRegion(editorVillage, '石门村'), items: [editorItem] },
      }),
      [`GET /api/v1/regions/${township}/children`]: children,
      'GET /api/v1/disclosures/65f0000000000000000000d9': () => ({
        status: 200,
        body: buildEditorDraft({ id: '65f0000000000000000000d9', regionCode: '360999100202' }),
      }),
    })
    const { container } = render(<DisclosureEditPage />)
    await flush()
    expect(container.textContent).toContain('这是别的村的公开内容，您无权修改')
    expect(container.textContent).not.toContain('代原')
  })

  it('should say on the card who published it in the merged village’s place', () => {
    const d = buildEditorDraft({ regionCode: OLD, successor: { regionCode: editorVillage, name: '石门村' } })
    const { container } = render(<DisclosureCard disclosure={d} />)
    expect(container.textContent).toContain('石门村代为公开')
  })
})
