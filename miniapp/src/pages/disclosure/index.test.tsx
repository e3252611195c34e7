import { fireEvent, render } from '@testing-library/react'
import { __setRouterParams, taroMock } from '../../../test/__mocks__/taro'
import { buildDisclosure } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import DisclosurePage from './index'

const id = '65f0000000000000000000d1'

describe('DisclosurePage', () => {
  beforeEach(resetSession)

  it('should show the public table in 元 with totals, the figures, the chart, the badge and the version history', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDisclosure() }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({
        status: 200,
        body: {
          versions: [
            {
              id,
              version: 2,
              status: 'published',
              changeNote: '更正金额',
              publishedAt: null,
              changes: ['修改 1 行'],
            },
            {
              id: 'v1',
              version: 1,
              status: 'superseded',
              changeNote: null,
              publishedAt: null,
              changes: ['首次公开'],
            },
          ],
        },
      }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    const cells = [...container.querySelectorAll('.cw-dtable__row--totals .cw-dtable__cell')].map(
      (c) => c.textContent,
    )
    // The totals cell names its column too, for the card layout of narrow screens.
    expect(cells).toEqual(['合计', '保障金额（月）合计：580.29 元'])
    expect(container.textContent).toContain('0.29 元')
    expect(container.textContent).toContain('另有 1 条涉及未成年人的记录')
    expect(container.querySelector('.cw-chart__bar')).not.toBeNull()
    expect(container.querySelector('.cw-disclosure__figures')?.textContent).toBe(
      '公开的标准数额低保标准：680 元/月',
    )
    expect(container.querySelector('.cw-disclosure__alignment')?.textContent).toBe('暂无对照信息')
    expect(container.querySelectorAll('.cw-versions__item')).toHaveLength(2)
    expect(container.querySelector('.cw-disclosure__retracted')).toBeNull()
  })

  it('should show a retracted banner with the reason, and 重试 after a failure', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          status: 'retracted',
          retractReason: '名单有误，核对后重新公开',
          figures: [],
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    expect(container.querySelector('.cw-disclosure__retracted')?.textContent).toContain(
      '名单有误，核对后重新公开',
    )
    expect(container.querySelector('.cw-disclosure__figures')).toBeNull()

    fakeBff({})
    const failed = render(<DisclosurePage />)
    await flush()
    expect(failed.container.querySelector('.cw-state__retry')).not.toBeNull()
    // Not found (a stale link or notice-board code): 回到首页 too, since trying again cannot help.
    taroMock.reLaunch.mockClear()
    fireEvent.click(failed.container.querySelector('.cw-state__home') as Element)
    expect(taroMock.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('should show the disclosure when its version history fails, and load the history again on retry', async () => {
    __setRouterParams({ id })
    let historyUp = false
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDisclosure() }),
      [`GET /api/v1/disclosures/${id}/versions`]: () =>
        historyUp
          ? { status: 200, body: { versions: [] } }
          : { status: 503, body: { error: { code: 'service_unavailable', message: '服务暂时不可用' } } },
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    expect(container.querySelector('.cw-disclosure__title')?.textContent).toBe(buildDisclosure().title)
    expect(container.textContent).toContain('版本记录没有加载成功')
    expect(container.querySelector('.cw-versions')).toBeNull()

    historyUp = true
    const retry = container.querySelector('.cw-state__retry')
    if (!retry) throw new Error('no retry button')
    fireEvent.click(retry)
    await flush()
    expect(container.textContent).not.toContain('版本记录没有加载成功')
    expect(container.textContent).toContain('还没有版本记录')
  })

  it('should show 公示到 as the whole last day, however many digits its month and day have', async () => {
    __setRouterParams({ id })
    // The last instant of 5 January 2027 in China (the posting window's end), and of 12 December 2026.
    for (const [postingUntil, shown] of [
      ['2027-01-05T15:59:59.999Z', '公示到：2027年1月5日'],
      ['2026-12-12T15:59:59.999Z', '公示到：2026年12月12日'],
    ]) {
      fakeBff({
        [`GET /api/v1/disclosures/${id}`]: () => ({ status: 200, body: buildDisclosure({ postingUntil }) }),
        [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
      })
      const { container, unmount } = render(<DisclosurePage />)
      await flush()
      const meta = [...container.querySelectorAll('.cw-disclosure__meta')].map((m) => m.textContent)
      expect(meta).toContain(shown)
      unmount()
    }
  })

  it('should leave out 公示到 on a retracted version, as its poster does: it is no longer posted', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          status: 'retracted',
          retractReason: '名单有误',
          postingUntil: '2026-12-12T15:59:59.999Z',
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    expect(container.querySelector('.cw-disclosure__retracted')).not.toBeNull()
    expect(container.textContent).not.toContain('公示到')
  })

  it('should show 附件已撤下 with the reason where a withdrawn file was, with no link', async () => {
    __setRouterParams({ id })
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          withdrawnAttachments: [
            { id: 'f1', withdrawnAt: '2026-12-01T02:00:00.000Z', reason: '照片里有村民的身份证' },
          ],
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    const { container } = render(<DisclosurePage />)
    await flush()
    const withdrawn = container.querySelector('.cw-disclosure__withdrawn')
    expect(withdrawn?.textContent).toBe('附件已撤下原因：照片里有村民的身份证')
    expect(container.textContent).not.toContain('点击查看')
  })

  it('should say which version replaced a superseded one and open it when the badge is tapped', async () => {
    __setRouterParams({ id })
    const next = '65f0000000000000000000d2'
    fakeBff({
      [`GET /api/v1/disclosures/${id}`]: () => ({
        status: 200,
        body: buildDisclosure({
          status: 'superseded',
          alignment: { status: 'superseded', label: '已被第2版取代', supersededBy: { id: next, version: 2 } },
        }),
      }),
      [`GET /api/v1/disclosures/${id}/versions`]: () => ({ status: 200, body: { versions: [] } }),
    })
    taroMock.navigateTo.mockClear()
    const { container } = render(<DisclosurePage />)
    await flush()
    const badge = container.querySelector('.cw-disclosure__alignment') as Element
    expect(badge.textContent).toBe('已被第2版取代 ›')
    fireEvent.click(badge)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/pages/disclosure/index?id=${next}` })
  })

  it('should open an old version from 版本记录 and mark the rows the version changed', async () => {
    const v2 = '65f0000000000000000000d2'
    const history = {
      versions: [
        { id: v2, version: 2, status: 'published', changeNote: '更正金额', publishedAt: null, changes: [] },
        { id, version: 1, status: 'superseded', changeNote: null, publishedAt: null, changes: ['首次公开'] },
      ],
    }
    __setRouterParams({ id: v2 })
    const base = buildDisclosure()
    const table = base.table ?? null
    fakeBff({
      [`GET /api/v1/disclosures/${v2}`]: () => ({
        status: 200,
        body: {
          ...base,
          id: v2,
          version: 2,
          rowChanges: {
            sinceVersion: 1,
            marks: (table?.rows ?? []).map((_, i) => (i === 0 ? 'changed' : null)),
            added: 0,
            changed: 1,
            removed: 2,
          },
        },
      }),
      [`GET /api/v1/disclosures/${v2}/versions`]: () => ({ status: 200, body: history }),
    })
    taroMock.navigateTo.mockClear()
    const current = render(<DisclosurePage />)
    await flush()
    const changes = current.container.querySelector('.cw-row-changes')
    expect(changes?.textContent).toContain('与第1版相比：修改 1 行，删除 2 行')
    expect(current.container.querySelectorAll('.cw-row-changes__row--changed')).toHaveLength(1)
    const open = [...current.container.querySelectorAll('.cw-versions__open')]
    expect(open.map((b) => b.textContent)).toEqual(['查看第1版'])
    fireEvent.click(open[0] as Element)
    expect(taroMock.navigateTo).toHaveBeenCalledWith({ url: `/pages/disclosure/index?id=${v2}&version=1` })

    __setRouterParams({ id: v2, version: '1' })
    const seen = fakeBff({
      [`GET /api/v1/disclosures/${v2}/versions/1`]: () => ({
        status: 200,
        body: buildDisclosure({ status: 'superseded', version: 1, rowChanges: null }),
      }),
      [`GET /api/v1/disclosures/${v2}/versions`]: () => ({ status: 200, body: history }),
    })
    const old = render(<DisclosurePage />)
    await flush()
    expect(seen.map((r) => r.path)).toContain(`/api/v1/disclosures/${v2}/versions/1`)
    expect(old.container.querySelector('.cw-row-changes')).toBeNull()
    expect(old.container.querySelector('[data-version="1"] .cw-versions__here')?.textContent).toBe(
      '正在看这一版',
    )
  })
})
