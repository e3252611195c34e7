import { fireEvent, render, screen } from '@testing-library/react'
import { listCatalogItems, presentCatalogItemForReaders } from '@cunwu/domain'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { buildItem, buildMe } from '../../../test/support/builders'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CatalogItemPage from './index'

describe('CatalogItemPage', () => {
  beforeEach(() => resetSession())
  afterEach(() => __setRouterParams({}))

  it('should show the nine elements, 暂无资料 with the note for unknown ones, the schedule and column privacy', async () => {
    __setRouterParams({ id: 'social-assistance.dibao.approval' })
    const item = buildItem({
      subject: null,
      unknowns: [
        { field: 'subject', note: '各县民政部门不同' },
        { field: 'basis', note: 'Basis not recovered from the source' },
      ],
      basis: [],
      table: {
        kind: 'roster',
        title: '低保对象名单',
        columns: [
          { key: 'name', label: '姓名', type: 'text', required: true, policy: 'masked' },
          { key: 'people', label: '保障人数', type: 'integer', required: true, policy: 'public' },
          { key: 'id_number', label: '身份证号', type: 'id_number', required: true, policy: 'never_public' },
        ],
        minorRule: null,
        provenance: 'source',
      },
    })
    const seen = fakeBff({
      // As the BFF sends it to villagers: through the reader view.
      'GET /api/v1/catalog/items/social-assistance.dibao.approval': () => ({
        status: 200,
        body: { version: '2026.1', item: presentCatalogItemForReaders(item) },
      }),
    })
    const { container } = render(<CatalogItemPage />)
    await flush()

    expect(seen).toHaveLength(1)
    const labels = [...container.querySelectorAll('.cw-item__label')].map((el) => el.textContent)
    expect(labels).toEqual(['名称', '内容', '依据', '时限', '主体', '方式', '渠道', '对象', '层级'])
    const subject = container.querySelector('.cw-item__row--subject')
    expect(subject?.textContent).toContain('暂无资料')
    expect(subject?.textContent).toContain('各县民政部门不同')
    // A researcher's note in English is not shown to villagers.
    const basis = container.querySelector('.cw-item__row--basis')
    expect(basis?.textContent).toContain('暂无资料')
    expect(basis?.textContent).not.toMatch(/[A-Za-z]/)
    expect(container.querySelector('.cw-item__row--method')?.textContent).toContain('主动公开')
    expect(container.querySelector('.cw-item__row--levels')?.textContent).toContain('县级、村级')
    expect(container.querySelector('.cw-item__schedule')?.textContent).toContain('每月公开一次')
    expect(container.querySelector('.cw-item__schedule')?.textContent).toContain('不少于 7 天')
    const policies = [...container.querySelectorAll('.cw-item__policy')].map((el) => el.textContent)
    expect(policies).toEqual(['部分隐藏', '公开', '不公开'])
  })

  it('should show no English word, link or research note on any village item', async () => {
    const items = listCatalogItems({ level: 'village' })
    expect(items.length).toBeGreaterThanOrEqual(57)
    for (const raw of items) {
      __setRouterParams({ id: raw.id })
      fakeBff({
        [`GET /api/v1/catalog/items/${raw.id}`]: () => ({
          status: 200,
          body: { version: '2026.1', item: presentCatalogItemForReaders(raw) },
        }),
      })
      const { container, unmount } = render(<CatalogItemPage />)
      await flush()
      expect(container.querySelector('.cw-item__title')?.textContent).toBe(raw.name)
      const text = container.textContent ?? ''
      expect({ id: raw.id, latin: text.match(/[A-Za-z]{2,}|:\/\/\S*/g) }).toEqual({ id: raw.id, latin: null })
      expect(text).not.toContain('资料来源')
      unmount()
    }
  }, 60_000)

  it('should list titled sources and research notes for staff, and nothing for a villager the BFF refuses', async () => {
    const raw = listCatalogItems({ level: 'village' }).find(
      (i) => i.id === 'social-assistance.dibao.approval',
    )
    if (!raw) throw new Error('catalog item missing')
    __setRouterParams({ id: raw.id })
    signIn('secretary')
    const item = { status: 200, body: { version: '2026.1', item: presentCatalogItemForReaders(raw) } }
    fakeBff({
      [`GET /api/v1/catalog/items/${raw.id}`]: () => item,
      'GET /api/v1/me': () => ({
        status: 200,
        body: buildMe({ roles: [{ role: 'secretary', regionCode: '110101001001' }] }),
      }),
      [`GET /api/v1/catalog/items/${raw.id}/research`]: () => ({
        status: 200,
        body: {
          sources: [{ title: '村民委员会组织法（2018-12-29）', url: 'https://github.com/LawRefBook/Laws' }],
          notes: [{ about: '表格：低保对象名单', text: 'everything else is never_public' }],
        },
      }),
    })
    const staff = render(<CatalogItemPage />)
    await flush()
    const sources = staff.container.querySelector('.cw-item__sources')
    expect(sources?.textContent).toContain('资料来源（工作人员可见）')
    expect(sources?.querySelector('.cw-item__source-title')).toBeNull()
    fireEvent.click(screen.getByText('查看 1 个来源和 1 条研究备注'))
    expect(sources?.querySelector('.cw-item__source-title')?.textContent).toBe(
      '村民委员会组织法（2018-12-29）',
    )
    expect(sources?.textContent).toContain('表格：低保对象名单：everything else is never_public')
    staff.unmount()

    const seen = fakeBff({
      [`GET /api/v1/catalog/items/${raw.id}`]: () => item,
      'GET /api/v1/me': () => ({
        status: 200,
        body: buildMe({ roles: [{ role: 'villager', regionCode: '110101001001' }] }),
      }),
      [`GET /api/v1/catalog/items/${raw.id}/research`]: () => apiError(403, 'forbidden'),
    })
    const villager = render(<CatalogItemPage />)
    await flush()
    expect(villager.container.querySelector('.cw-item__title')?.textContent).toBe(raw.name)
    expect(villager.container.querySelector('.cw-item__sources')).toBeNull()
    expect(villager.container.textContent).not.toMatch(/[A-Za-z]{2,}/)
    // A villager's page does not even ask for the research.
    expect(seen.map((r) => r.path)).not.toContain(`/api/v1/catalog/items/${raw.id}/research`)
  })

  it('should offer 回到首页 for an item that does not exist, besides 重试', async () => {
    __setRouterParams({ id: 'nope' })
    fakeBff({})
    const { container } = render(<CatalogItemPage />)
    await flush()
    expect(container.textContent).toContain('没有找到相关内容')
    expect(container.querySelector('.cw-state__retry')).not.toBeNull()
    taroMock.reLaunch.mockClear()
    fireEvent.click(container.querySelector('.cw-state__home') as Element)
    expect(taroMock.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })
})
