import { fireEvent, render, screen } from '@testing-library/react'
import type { Region } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildItem, buildRegion } from '../../../test/support/builders'
import { editorBff, editorVillage } from '../../../test/support/disclosure-editor'
import { flush, resetSession, signInAs } from '../../../test/support/render'
import DisclosureEditPage from './index'

/** 枫林村委会 was merged (撤并) into the secretary's village (石门村) on 1 October 2026; today is 8 December 2026. */
const OLD = '360999100201'
const township = `${editorVillage.slice(0, 9)}000`
const villages: Region[] = [
  buildRegion(editorVillage, '石门村'),
  {
    ...buildRegion(OLD, '枫林村委会'),
    retirement: { retiredOn: '2026-10-01', mergedInto: editorVillage, mergedIntoName: '石门村' },
  },
]
const quarterly = buildItem({
  id: 'village-affairs.other-matters',
  name: '其他村务事项',
  schedule: {
    cadence: 'quarterly',
    minPostingDays: 7,
    postingDaysUnit: 'calendar_days',
    dueDays: null,
    basis: ['民发〔2012〕220号'],
  },
})
const BODY = '用大白话写清楚这次公开的是什么'

function bff() {
  editorBff([quarterly], {
    [`GET /api/v1/regions/${township}/children`]: () => ({ status: 200, body: { regions: villages } }),
  })
}

/** The chips of the period field, and the one chosen. */
function periods(): { offered: string[]; chosen: string | null } {
  const radios = screen.queryAllByRole('radio')
  return {
    offered: radios.map((r) => r.textContent ?? ''),
    chosen: radios.find((r) => r.getAttribute('aria-checked') === 'true')?.textContent ?? null,
  }
}

/** The secretary's editor in the place of a village merged into theirs (代原枫林村委会发布; tester kept2, merge-ui). */
describe('DisclosureEditPage in place of a merged village', () => {
  let now: jest.SpyInstance<number, []>
  beforeEach(() => {
    resetSession()
    signInAs('64b0000000000000000000a1')
    now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-08T02:00:00Z'))
  })
  afterEach(() => now.mockRestore())

  it("should not put the text typed for the secretary's own village into the merged village's draft", async () => {
    bff()
    __setRouterParams({ itemId: quarterly.id, period: '2026-Q3' })
    const own = render(<DisclosureEditPage />)
    await flush()
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '石门村三季度的事，没保存' } })
    own.unmount()

    __setRouterParams({ village: OLD, itemId: quarterly.id, period: '2026-Q3' })
    const inPlace = render(<DisclosureEditPage />)
    await flush()
    expect(inPlace.container.textContent).toContain('代原枫林村委会发布')
    expect(inPlace.container.textContent).not.toContain('已恢复')
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('')
    fireEvent.change(screen.getByPlaceholderText(BODY), { target: { value: '枫林村三季度的事' } })
    inPlace.unmount()

    // Each comes back in its own village's draft.
    __setRouterParams({ itemId: quarterly.id, period: '2026-Q3' })
    const ownAgain = render(<DisclosureEditPage />)
    await flush()
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('石门村三季度的事，没保存')
    ownAgain.unmount()
    __setRouterParams({ village: OLD, itemId: quarterly.id, period: '2026-Q3' })
    render(<DisclosureEditPage />)
    await flush()
    expect((screen.getByPlaceholderText(BODY) as HTMLTextAreaElement).value).toBe('枫林村三季度的事')
  })

  it('should offer only the periods the merged village still owes, the latest first, when opened without one', async () => {
    bff()
    __setRouterParams({ village: OLD, itemId: quarterly.id })
    render(<DisclosureEditPage />)
    await flush()
    const { offered, chosen } = periods()
    // 2026-Q4 began after the merger (the server refuses it: 422 village_retired).
    expect(chosen).toBe('2026年第3季度')
    expect(offered).not.toContain('2026年第4季度')
    expect(offered[0]).toBe('2026年第3季度')
    expect(offered).toContain('2026年第2季度')
  })

  it('should not take a period from the address that the merged village does not owe', async () => {
    bff()
    __setRouterParams({ village: OLD, itemId: quarterly.id, period: '2026-Q4' })
    render(<DisclosureEditPage />)
    await flush()
    expect(periods().chosen).toBe('2026年第3季度')
    expect(periods().offered).not.toContain('2026年第4季度')
  })

  it('should still offer the current period for the secretary’s own village', async () => {
    bff()
    __setRouterParams({ itemId: quarterly.id })
    render(<DisclosureEditPage />)
    await flush()
    expect(periods().chosen).toBe('2026年第4季度')
  })
})
