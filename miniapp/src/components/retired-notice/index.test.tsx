import { render } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildDisclosure, buildItem, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { VillageFeed } from '@/components/village-feed'
import CatalogPage from '@/pages/catalog'
import { RetiredNotice } from './index'

const VILLAGE = '360999100201'
const retirement = { retiredOn: '2026-09-20', mergedInto: '360999100200', mergedIntoName: '云溪村委会' }

describe('RetiredNotice', () => {
  it('should say in plain Chinese when the village was merged and into which, and that its history stays', () => {
    const { container } = render(<RetiredNotice retirement={retirement} />)
    expect(container.querySelector('.cw-retired-notice__title')?.textContent).toBe(
      '本村已于2026年9月20日撤并（并入云溪村委会）',
    )
    expect(container.textContent).toContain('本村以前公开的内容仍然可以查看')
    expect(container.textContent).toContain('以后的村务公开请看云溪村委会')
    expect(container.querySelector('[role="status"]')).not.toBeNull()
  })

  it('should say 将于 before the day, leave out 并入 for an abolished village, and show nothing for one not retired', () => {
    const coming = render(<RetiredNotice retirement={{ ...retirement, retiredOn: '2099-01-01' }} />)
    expect(coming.container.textContent).toContain('本村将于2099年1月1日撤并（并入云溪村委会）')
    const abolished = render(
      <RetiredNotice retirement={{ ...retirement, mergedInto: null, mergedIntoName: null }} />,
    )
    expect(abolished.container.querySelector('.cw-retired-notice__title')?.textContent).toBe(
      '本村已于2026年9月20日撤并',
    )
    expect(render(<RetiredNotice retirement={null} />).container.innerHTML).toBe('')
  })
})

describe('a retired village’s pages', () => {
  beforeEach(resetSession)
  afterEach(() => __setRouterParams({}))

  it('should show the notice above the village feed, whose published history stays readable', async () => {
    signIn()
    fakeBff({
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({
        status: 200,
        body: { ...buildRegion(VILLAGE, '石门村委会'), retirement },
      }),
      [`GET /api/v1/villages/${VILLAGE}/feed`]: () => ({
        status: 200,
        body: { disclosures: [buildDisclosure()] },
      }),
      'GET /api/v1/me/related': () => ({ status: 200, body: { disclosures: [] } }),
    })
    const { container } = render(<VillageFeed villageCode={VILLAGE} />)
    await flush()
    expect(container.querySelector('.cw-retired-notice')?.textContent).toContain(
      '本村已于2026年9月20日撤并（并入云溪村委会）',
    )
    expect(container.querySelectorAll('.cw-dcard').length).toBeGreaterThan(0)
  })

  it('should show no notice on the feed of a village that is not retired', async () => {
    signIn()
    fakeBff({
      [`GET /api/v1/regions/${VILLAGE}`]: () => ({ status: 200, body: buildRegion(VILLAGE, '石门村委会') }),
      [`GET /api/v1/villages/${VILLAGE}/feed`]: () => ({ status: 200, body: { disclosures: [] } }),
    })
    const { container } = render(<VillageFeed villageCode={VILLAGE} />)
    await flush()
    expect(container.querySelector('.cw-retired-notice')).toBeNull()
  })

  it('should show the notice on the village’s catalog', async () => {
    signIn()
    __setRouterParams({ village: VILLAGE })
    fakeBff({
      [`GET /api/v1/villages/${VILLAGE}/catalog`]: () => ({
        status: 200,
        body: {
          version: '1',
          village: { ...buildRegion(VILLAGE, '石门村委会'), retirement },
          items: [buildItem({ id: 'village-finance.income', name: '收入明细' })],
          standings: [],
        },
      }),
    })
    const { container } = render(<CatalogPage />)
    await flush()
    expect(container.querySelector('.cw-retired-notice')?.textContent).toContain(
      '本村已于2026年9月20日撤并（并入云溪村委会）',
    )
    expect(container.textContent).toContain('收入明细')
  })
})
