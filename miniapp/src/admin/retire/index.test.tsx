import { fireEvent, render, screen } from '@testing-library/react'
import type { Region, RoleGrantDto } from '@cunwu/domain'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { apiError, fakeBff, type SeenRequest } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { forgetChildRegions } from '../region-picker'
import { forgetRegionNames } from '../shared'
import AdminRetirePage from './index'

const county: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '云溪县' }
const TOWNSHIPS: Region[] = [buildRegion('360999100000', '云溪镇'), buildRegion('360999101000', '石门乡')]
const VILLAGES: Region[] = [
  buildRegion('360999100200', '上溪村委会'),
  buildRegion('360999100201', '石门村委会'),
]
const retired: Region = {
  ...(VILLAGES[0] as Region),
  retirement: { retiredOn: '2026-09-20', mergedInto: '360999100201', mergedIntoName: '石门村委会' },
}

/** An admin of 云溪县 whose 上溪村委会 is `village` as the BFF has it. */
function adminBff(village: Region, routes: Parameters<typeof fakeBff>[0] = {}): SeenRequest[] {
  return fakeBff({
    'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
    'GET /api/v1/regions/360999000000/children': () => ({ status: 200, body: { regions: TOWNSHIPS } }),
    'GET /api/v1/regions/360999100000/children': () => ({ status: 200, body: { regions: VILLAGES } }),
    'GET /api/v1/regions/360999100200': () => ({ status: 200, body: village }),
    ...routes,
  })
}

/** Opens the page and chooses 云溪镇 › 上溪村委会 by name. */
async function openVillage() {
  signIn()
  const view = render(<AdminRetirePage />)
  await flush(6)
  fireEvent.click(screen.getByText('云溪镇 ›'))
  await flush(6)
  fireEvent.click(screen.getByText('上溪村委会'))
  await flush(6)
  return view
}

const type = (container: HTMLElement, selector: string, value: string) =>
  fireEvent.change(container.querySelector(selector) as Element, { target: { value } })
/** Types the reason into the one shared reason step (components/reason-step), found by the words that label it. */
const typeReason = (label: string, value: string) => {
  expect(document.querySelectorAll('.cw-reason-step')).toHaveLength(1)
  fireEvent.change(screen.getByLabelText(label), { target: { value } })
}

describe('AdminRetirePage', () => {
  beforeEach(() => {
    resetSession()
    forgetRegionNames()
    forgetChildRegions()
  })

  it('should retire a village chosen by name, merged into one chosen the same way, after a plain summary', async () => {
    const seen = adminBff(VILLAGES[0] as Region, {
      'PUT /api/v1/regions/360999100200/retirement': () => ({ status: 200, body: retired }),
    })
    const { container } = await openVillage()
    expect(container.querySelector('.cw-retire__status')?.textContent).toBe('没有撤并，照常公开')

    fireEvent.click(screen.getByText('登记撤并'))
    type(container, '.cw-retire__date', '2026-09-20')
    fireEvent.click(screen.getByText('选择并入的村'))
    await flush(6)
    fireEvent.click(screen.getByText('云溪镇 ›'))
    await flush(6)
    fireEvent.change(container.querySelector('.cw-rpick__search') as Element, { target: { value: '石门' } })
    fireEvent.click(screen.getByText('石门村委会'))
    expect(container.textContent).toContain('并入石门村委会')
    typeReason('原因（会记入操作记录）', '县政府〔2026〕12号文件')
    fireEvent.click(screen.getByText('下一步'))

    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('确定登记上溪村委会撤并？')
    expect(dialog.textContent).toContain('从2026年9月20日起，上溪村委会撤并，并入石门村委会。')
    expect(dialog.textContent).toContain('它之后的公开期次不再计入应公开')
    expect(seen.some((r) => r.method === 'PUT')).toBe(false)
    fireEvent.click(screen.getByText('确定撤并'))
    await flush(6)
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({
      retiredOn: '2026-09-20',
      mergedInto: '360999100201',
      reason: '县政府〔2026〕12号文件',
    })
    expect(container.querySelector('[role="dialog"]')).toBeNull()
    expect(container.querySelector('.cw-retire__status')?.textContent).toMatch(
      /^上溪村委会[已将]于2026年9月20日撤并（并入石门村委会）$/,
    )
    expect(container.textContent).not.toMatch(/\d{12}/)
  })

  it('should retire a township into another township of the county, saying what becomes of its people', async () => {
    const township = TOWNSHIPS[0] as Region
    const seen = adminBff(VILLAGES[0] as Region, {
      'GET /api/v1/regions/360999100000': () => ({ status: 200, body: { ...township, level: 'township' } }),
      'PUT /api/v1/regions/360999100000/retirement': () =>
        apiError(
          409,
          'township_has_villages',
          '这个乡镇下还有 2 个村（社区）没有撤并，不能撤并乡镇。乡镇撤并后，村的区划代码会随新的区划代码表改变：请先导入新的区划代码，把每个村并入它在接收乡镇下的新代码，再撤并这个乡镇',
        ),
    })
    signIn()
    const { container } = render(<AdminRetirePage />)
    await flush(6)
    fireEvent.click(screen.getByText('云溪镇 ›'))
    await flush(6)
    fireEvent.click(screen.getByText('就选云溪镇'))
    await flush(6)
    fireEvent.click(screen.getByText('登记撤并'))
    // Typed as people type a day (full-width digits, 年月日): read as the BFF reads it, sent as 2026-12-01.
    type(container, '.cw-retire__date', '２０２６年１２月１日')
    fireEvent.click(screen.getByText('选择并入的乡镇'))
    await flush(6)
    // Only townships are offered: 石门乡 is taken at once, without opening its villages.
    fireEvent.click(screen.getByText('石门乡'))
    expect(container.textContent).toContain('并入石门乡')
    typeReason('原因（会记入操作记录）', '省政府关于乡镇撤并的批复')
    fireEvent.click(screen.getByText('下一步'))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toContain('从2026年12月1日起，云溪镇撤并，并入石门乡。')
    expect(dialog.textContent).toContain('在这个乡镇任职的人员只能查看以前的内容，不能再办理')
    fireEvent.click(screen.getByText('确定撤并'))
    await flush(6)
    expect(seen.find((r) => r.method === 'PUT')?.body).toEqual({
      retiredOn: '2026-12-01',
      mergedInto: '360999101000',
      reason: '省政府关于乡镇撤并的批复',
    })
    expect(screen.getByRole('dialog').textContent).toContain('请先导入新的区划代码')
  })

  it('should check the form as the BFF does before asking, and show a refusal in the BFF’s words', async () => {
    const seen = adminBff(VILLAGES[0] as Region, {
      'PUT /api/v1/regions/360999100200/retirement': () =>
        apiError(422, 'merge_target_invalid', '石门村委会已经撤并，不能再并入，请选择现在的村'),
    })
    const { container } = await openVillage()
    fireEvent.click(screen.getByText('登记撤并'))
    typeReason('原因（会记入操作记录）', '县政府文件')
    for (const [typed, message] of [
      ['2026年2月30日', '日期不存在（2026年2月30日），请核对'],
      ['九月二十日', '日期请写成 2026-11-10 或 2026年11月10日 这样'],
    ] as const) {
      type(container, '.cw-retire__date', typed)
      fireEvent.click(screen.getByText('下一步'))
      expect(screen.getByRole('alert').textContent).toBe(message)
    }
    type(container, '.cw-retire__date', '2026-09-20')
    typeReason('原因（会记入操作记录）', '撤')
    fireEvent.click(screen.getByText('下一步'))
    expect(screen.getByRole('alert').textContent).toContain('请写明原因')
    expect(seen.some((r) => r.method === 'PUT')).toBe(false)

    typeReason('原因（会记入操作记录）', '县政府文件')
    fireEvent.click(screen.getByText('下一步'))
    expect(screen.getByRole('dialog').textContent).toContain('（不并入其他村）')
    fireEvent.click(screen.getByText('确定撤并'))
    await flush(6)
    expect(seen.find((r) => r.method === 'PUT')?.body).toMatchObject({ mergedInto: null })
    expect(screen.getByRole('dialog').textContent).toContain('石门村委会已经撤并，不能再并入，请选择现在的村')
  })

  it('should undo a retirement with a reason after saying what changes', async () => {
    const seen = adminBff(retired, {
      'DELETE /api/v1/regions/360999100200/retirement': () => ({
        status: 200,
        body: { ...retired, retirement: null },
      }),
    })
    const { container } = await openVillage()
    expect(container.querySelector('.cw-retire__status')?.textContent).toContain('撤并（并入石门村委会）')
    expect(screen.getByText('修改撤并信息')).toBeTruthy()
    fireEvent.click(screen.getByText('撤销撤并'))
    fireEvent.click(screen.getByText('下一步'))
    expect(screen.getByRole('alert').textContent).toContain('请写明原因')
    typeReason('撤销的原因（会记入操作记录）', '登记错了村')
    fireEvent.click(screen.getByText('下一步'))
    expect(screen.getByRole('dialog').textContent).toContain('2026年9月20日以后的公开期次又计入应公开')
    fireEvent.click(screen.getByText('确定撤销'))
    await flush(6)
    expect(seen.find((r) => r.method === 'DELETE')?.body).toEqual({ reason: '登记错了村' })
    expect(container.querySelector('.cw-retire__status')?.textContent).toBe('没有撤并，照常公开')
  })

  it('should tell someone who is not an admin that the page is not theirs', async () => {
    fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [] }) }) })
    signIn()
    const { container } = render(<AdminRetirePage />)
    await flush(6)
    expect(container.textContent).toContain('您不是系统管理员')
  })
})
