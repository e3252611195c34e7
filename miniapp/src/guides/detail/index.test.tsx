import { fireEvent, render } from '@testing-library/react'
import { findServiceGuideTemplate, type ServiceGuideDto } from '@cunwu/domain'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession } from '../../../test/support/render'
import GuideDetailPage from './index'

const village = '360999101001'

function buildGuide(): ServiceGuideDto {
  const template = findServiceGuideTemplate('dibao')
  if (!template) throw new Error('no dibao guide')
  return {
    id: 'dibao',
    catalogItemIds: [...template.catalogItemIds],
    countyCode: '360999000000',
    version: 0,
    updatedAt: null,
    content: template.content,
    notes: [
      {
        regionCode: village,
        regionName: '云溪村委会',
        level: 'village',
        updatedAt: '2026-12-01T00:00:00.000Z',
        place: '村委会一楼便民服务室',
        contact: '0791-88881234',
      },
    ],
    related: [
      {
        id: '65f0000000000000000000d1',
        title: '2026年第二季度低保名单',
        period: '2026-Q2',
        regionName: '云溪村委会',
        publishedAt: null,
      },
    ],
  }
}

describe('GuideDetailPage', () => {
  beforeEach(resetSession)

  it('should show numbered steps, the village’s note, the related list and the sources', async () => {
    __setRouterParams({ id: 'dibao', code: village })
    const seen = fakeBff({
      [`GET /api/v1/regions/${village}/service-guides/dibao`]: () => ({ status: 200, body: buildGuide() }),
    })
    const { container } = render(<GuideDetailPage />)
    await flush()
    expect(seen.map((r) => r.path)).toEqual([`/api/v1/regions/${village}/service-guides/dibao`])
    const steps = [...container.querySelectorAll('.cw-guides__step-title')].map((s) => s.textContent)
    expect(steps[0]).toBe('第1步：提出申请')
    expect(steps).toHaveLength(5)
    expect(container.querySelector('.cw-guides__local')?.textContent).toContain('村委会一楼便民服务室')
    expect(container.textContent).toContain('2026年第二季度低保名单')
    expect(container.textContent).toContain('社会救助暂行办法')
    expect(container.textContent).not.toMatch(/[A-Za-z]{3,}/)
    // The date the text was checked reads as the other dates do, not 2026-12-06.
    expect(container.textContent).toMatch(/核对日期\d{4}年\d{1,2}月\d{1,2}日。/)
    expect(container.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  })

  it('should read the guide aloud from the guide’s own speech route', async () => {
    __setRouterParams({ id: 'dibao', code: village })
    const seen = fakeBff({
      [`GET /api/v1/regions/${village}/service-guides/dibao`]: () => ({ status: 200, body: buildGuide() }),
      [`GET /api/v1/regions/${village}/service-guides/dibao/speech`]: () => ({ status: 503 }),
    })
    const { getByText } = render(<GuideDetailPage />)
    await flush()
    fireEvent.click(getByText('读给我听'))
    await flush()
    expect(seen.map((r) => r.path)).toContain(`/api/v1/regions/${village}/service-guides/dibao/speech`)
  })

  it('should read the county’s guide to a signed-out person opened without a region', async () => {
    __setRouterParams({ id: 'dibao' })
    const seen = fakeBff({
      'GET /api/v1/regions/360999000000/service-guides/dibao': () => ({
        status: 200,
        body: { ...buildGuide(), notes: [], related: [] },
      }),
    })
    const { container } = render(<GuideDetailPage />)
    await flush()
    expect(seen.map((r) => r.path)).toEqual(['/api/v1/regions/360999000000/service-guides/dibao'])
    expect(container.textContent).not.toContain('请先登录')
    expect(container.textContent).toContain('最低生活保障')
  })
})
