import { fireEvent, render, screen } from '@testing-library/react'
import type { AuditEventDto, RoleGrantDto } from '@cunwu/domain'
import { buildMe, buildRegion } from '../../../test/support/builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import { forgetChildRegions } from '../region-picker'
import { forgetRegionNames } from '../shared'
import AdminAuditPage from './index'

const county: RoleGrantDto = { role: 'admin', regionCode: '360999000000', regionName: '云溪县' }

function buildEvent(overrides: Partial<AuditEventDto> = {}): AuditEventDto {
  return {
    at: '2026-12-07T07:20:00.000Z',
    actorId: '6b16cda9c3dacfd54e6317c4',
    actorLabel: null,
    actorName: '周明',
    action: 'role.grant',
    targetType: 'user',
    targetId: '6b16cda9c3dacfd54e6317c7',
    targetName: '陈书记',
    regionCode: '360999100200',
    regionName: '云溪村委会',
    requestId: 'req-1',
    data: { role: 'secretary', changed: true },
    ...overrides,
  }
}

async function openPage() {
  signIn()
  const view = render(<AdminAuditPage />)
  await flush(6)
  return view
}

describe('AdminAuditPage', () => {
  beforeEach(() => {
    resetSession()
    forgetRegionNames()
    forgetChildRegions()
  })

  it('should say who did what, where and when in words, with no codes or ids', async () => {
    fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/audit': () => ({
        status: 200,
        body: {
          events: [
            buildEvent(),
            buildEvent({
              action: 'role.revoke',
              data: { role: 'county', changed: false },
              targetName: '王五',
            }),
            buildEvent({
              action: 'region.import',
              actorName: '周明',
              targetType: 'region',
              targetId: '360999304201',
              targetName: null,
              regionCode: '360999304201',
              regionName: '乙改名村委会',
              data: {
                name: '乙改名村委会',
                codeYear: 2026,
                previous: { name: '测试5乡第2村委会', codeYear: 2026 },
              },
            }),
            // An older BFF: no names and no data; the region's name is read by code.
            buildEvent({
              action: 'disclosure.submit',
              actorName: undefined,
              targetName: undefined,
              regionName: undefined,
              regionCode: '360999100000',
              data: undefined as unknown as Record<string, unknown>,
            }),
            buildEvent({
              action: 'question.ask',
              actorId: null,
              actorLabel: '提问人',
              actorName: null,
              data: {},
            }),
            buildEvent({ action: 'something.new', data: {} }),
          ],
          nextBefore: null,
        },
      }),
      'GET /api/v1/regions/360999100000': () => ({
        status: 200,
        body: buildRegion('360999100000', '云溪镇'),
      }),
    })
    const { container } = await openPage()
    const rows = [...container.querySelectorAll('.cw-audit__row')].map((r) => r.textContent ?? '')
    expect(rows[0]).toContain('授予身份')
    expect(rows[0]).toContain('陈书记：村务管理员')
    expect(rows[0]).toContain('周明 · 云溪村委会')
    expect(rows[0]).toContain('2026年12月7日 15:20')
    expect(rows[1]).toContain('取消身份王五：县级工作人员（原来就没有）')
    expect(rows[2]).toContain('测试5乡第2村委会 改名为 乙改名村委会')
    expect(rows[3]).toContain('提交公开待审核')
    expect(rows[3]).toContain('一位用户 · 云溪镇')
    expect(rows[4]).toContain('提问人')
    expect(rows[5]).toContain('其他操作')
    expect(container.textContent).not.toMatch(/\d{12}|[0-9a-f]{24}|role\.|secretary|something/)
    expect(container.textContent).toContain('已经是最早的记录')
  })

  it('should page back with the BFF’s cursor and read a township’s trail chosen by name', async () => {
    let calls = 0
    const seen = fakeBff({
      'GET /api/v1/me': () => ({ status: 200, body: buildMe({ roles: [county], activeRole: county }) }),
      'GET /api/v1/admin/audit': () => {
        calls += 1
        return {
          status: 200,
          body: {
            events: [buildEvent({ targetName: `第${calls}页的人` })],
            nextBefore: calls === 1 ? '6b16cda9c3dacfd54e631900' : null,
          },
        }
      },
      'GET /api/v1/regions/360999000000/children': () => ({
        status: 200,
        body: { regions: [buildRegion('360999100000', '云溪镇'), buildRegion('360999101000', '石门乡')] },
      }),
    })
    const { container } = await openPage()
    fireEvent.click(screen.getByText('加载更多'))
    await flush(6)
    expect(container.textContent).toContain('第1页的人')
    expect(container.textContent).toContain('第2页的人')
    const audits = seen.filter((r) => r.path === '/api/v1/admin/audit').map((r) => r.query)
    expect(audits[1]).toMatchObject({ regionCode: '360999000000', before: '6b16cda9c3dacfd54e631900' })

    fireEvent.click(screen.getByText('只看某个乡镇或村'))
    await flush(6)
    fireEvent.click(screen.getByText('石门乡 ›'))
    await flush(6)
    fireEvent.click(screen.getByText('就选石门乡'))
    await flush(6)
    expect(seen.filter((r) => r.path === '/api/v1/admin/audit').at(-1)?.query).toMatchObject({
      regionCode: '360999101000',
    })
    expect(container.querySelector('.cw-audit__subtitle')?.textContent).toContain('石门乡')
  })
})
