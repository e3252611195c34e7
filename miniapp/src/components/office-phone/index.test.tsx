import { act, fireEvent, render, screen } from '@testing-library/react'
import { taroMock } from '../../../test/__mocks__/taro'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { buildDisclosure, buildMe, buildRegion } from '../../../test/support/builders'
import { resetSession, signIn } from '../../../test/support/render'
import { ElderlyHome } from '@/components/elderly-home'
import * as platform from '@/utils/platform'
import { CallCommittee, OfficePhoneEditor, VillageContact } from './index'

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)))
const VILLAGE = '360999100200'
const grant = { role: 'villager' as const, regionCode: VILLAGE, regionName: '云溪村委会' }

/** Renders as the weapp build (false) or the H5 build (true) would. */
function withH5(h5: boolean, fn: () => void) {
  const spy = jest.spyOn(platform, 'isH5').mockReturnValue(h5)
  try {
    fn()
  } finally {
    spy.mockRestore()
  }
}

function villageBff(officePhone: string | null) {
  return fakeBff({
    [`GET /api/v1/regions/${VILLAGE}`]: () => ({
      status: 200,
      body: { ...buildRegion(VILLAGE, '云溪村委会'), officePhone },
    }),
    [`GET /api/v1/villages/${VILLAGE}/feed`]: () => ({
      status: 200,
      body: { disclosures: [buildDisclosure()] },
    }),
    'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [] } }),
  })
}

describe('CallCommittee', () => {
  it('should open WeChat’s dialler with the digits of the number', () => {
    withH5(false, () => {
      render(<CallCommittee phone="0795-7123456" />)
      fireEvent.click(screen.getByText('打电话给村委会'))
    })
    expect(taroMock.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '07957123456' })
    expect(screen.getByText('0795-7123456')).toBeTruthy()
  })

  it('should be a tel: link in the browser', () => {
    withH5(true, () => {
      const { container } = render(<CallCommittee phone="13812345678" />)
      const link = container.querySelector('a.cw-call-committee')
      expect(link?.getAttribute('href')).toBe('tel:13812345678')
      expect(link?.getAttribute('aria-label')).toBe('打电话给村委会，13812345678')
    })
  })
})

describe('打电话给村委会 on the elderly home', () => {
  beforeEach(() => signIn())

  it('should show the button when the village has set its office phone', async () => {
    villageBff('0795-7123456')
    const { container } = render(<ElderlyHome grant={grant} />)
    await flush()
    await flush()
    expect(container.querySelector('.cw-call-committee__number')?.textContent).toBe('0795-7123456')
  })

  it('should show no button when the village has none, or its region could not be read', async () => {
    villageBff(null)
    const none = render(<ElderlyHome grant={grant} />)
    await flush()
    await flush()
    expect(none.container.querySelector('.cw-elderly-home__heading')).not.toBeNull()
    expect(none.container.querySelector('.cw-call-committee')).toBeNull()
    none.unmount()
    fakeBff({ [`GET /api/v1/regions/${VILLAGE}`]: () => apiError(503, 'service_unavailable') })
    const failed = render(<ElderlyHome grant={grant} />)
    await flush()
    expect(failed.container.querySelector('.cw-call-committee')).toBeNull()
  })
})

describe('OfficePhoneEditor', () => {
  beforeEach(() => signIn())

  it('should show the saved number, save a new one in the server’s form, and clear it', async () => {
    let stored: string | null = '0795-7123456'
    const seen = fakeBff({
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({
        status: 200,
        body: { ...buildRegion(VILLAGE, '云溪村委会'), officePhone: stored },
      }),
      [`PATCH /api/v1/regions/${VILLAGE}/contact`]: (req) => {
        stored = (req.body as { officePhone: string | null }).officePhone
        return { status: 200, body: { ...buildRegion(VILLAGE, '云溪村委会'), officePhone: stored } }
      },
    })
    const { container } = render(<OfficePhoneEditor regionCode={VILLAGE} />)
    await flush()
    const input = () => container.querySelector('.cw-office-phone__input') as HTMLInputElement
    expect(input().value).toBe('0795-7123456')
    fireEvent.change(input(), { target: { value: '０７９５ ８２３４５６７８' } })
    fireEvent.click(screen.getByText('保存电话'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', body: { officePhone: '0795-82345678' } })
    expect(input().value).toBe('0795-82345678')
    fireEvent.click(screen.getByText('清除'))
    await flush()
    expect(seen.at(-1)).toMatchObject({ method: 'PATCH', body: { officePhone: null } })
    expect(container.querySelector('.cw-office-phone__clear')).toBeNull()
  })

  it('should say what a number needs and send nothing when it is not one; show the server’s refusal', async () => {
    const seen = fakeBff({
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({ status: 200, body: buildRegion(VILLAGE, '云溪村委会') }),
      [`PATCH /api/v1/regions/${VILLAGE}/contact`]: () =>
        apiError(403, 'forbidden', '您没有该地区的此项权限'),
    })
    const { container } = render(<OfficePhoneEditor regionCode={VILLAGE} />)
    await flush()
    const input = container.querySelector('.cw-office-phone__input') as HTMLInputElement
    fireEvent.change(input, { target: { value: '12345' } })
    fireEvent.click(screen.getByText('保存电话'))
    expect(container.textContent).toContain('请填写座机（带区号')
    expect(seen.some((r) => r.method === 'PATCH')).toBe(false)
    fireEvent.change(input, { target: { value: '13812345678' } })
    fireEvent.click(screen.getByText('保存电话'))
    await flush()
    expect(container.textContent).toContain('没有保存')
  })
})

describe('VillageContact (the about page)', () => {
  const meAs = (role: 'villager' | 'township') =>
    buildMe({
      roles: [{ ...grant, role }],
      activeRole: { ...grant, role },
    })

  it("should show a villager their village's name and 打电话给村委会 when the number is set", async () => {
    signIn()
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: meAs('villager') }),
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({
        status: 200,
        body: { ...buildRegion(VILLAGE, '云溪村委会'), officePhone: '0795-7123456' },
      }),
    })
    const { container } = render(<VillageContact />)
    await flush()
    await flush()
    expect(container.querySelector('.cw-village-contact__heading')?.textContent).toBe('联系云溪村委会')
    expect(container.querySelector('.cw-call-committee__number')?.textContent).toBe('0795-7123456')
  })

  it('should show nothing signed out, to staff, or without a number, and ask nothing signed out', async () => {
    resetSession()
    const seen = fakeBff({})
    const out = render(<VillageContact />)
    await flush()
    expect(out.container.innerHTML).toBe('')
    expect(seen).toEqual([])
    out.unmount()
    signIn()
    const staffSeen = fakeBff({ 'GET /api/v1/me': () => ({ status: 200, body: meAs('township') }) })
    const staff = render(<VillageContact />)
    await flush()
    await flush()
    expect(staff.container.innerHTML).toBe('')
    expect(staffSeen.map((r) => r.path)).toEqual(['/api/v1/me'])
    staff.unmount()
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: meAs('villager') }),
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({ status: 200, body: buildRegion(VILLAGE, '云溪村委会') }),
    })
    const none = render(<VillageContact />)
    await flush()
    await flush()
    expect(none.container.innerHTML).toBe('')
  })
})
