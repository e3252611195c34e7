import { render } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { buildItem } from '../../../test/support/builders'
import { flush } from '../../../test/support/render'
import CatalogItemPage from './index'

describe('CatalogItemPage', () => {
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
      'GET /api/v1/catalog/items/social-assistance.dibao.approval': () => ({
        status: 200,
        body: { version: '2026.1', item },
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
})
