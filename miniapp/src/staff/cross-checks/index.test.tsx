import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { ErrorCode } from '@cunwu/domain'
import { buildFinding, listAnswer } from '../../../test/support/cross-check-builders'
import { apiError, fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CrossChecksPage, { STALE_TEXT } from './index'

/** Counts by kind as the list answers them (the chips read them). */
const KINDS = {
  duplicate_person: 0,
  above_standard: 1,
  listed_after_exit: 0,
  shared_account: 0,
  duplicate_in_village: 0,
}

describe('CrossChecksPage', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: '360999100000', period: '2027-01' })
  })

  it('lists findings with their rows one tap away, refuses a resolve without a reason and confirms', async () => {
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': () => listAnswer([buildFinding({})], KINDS),
      'POST /api/v1/cross-checks/0123456789abcdef01234567/confirm': () => ({
        status: 200,
        body: buildFinding({ status: 'confirmed' }),
      }),
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.getByText(/超过低保标准680.00元/)).toBeTruthy()
    expect(screen.queryByText(/第51行/)).toBeNull()
    fireEvent.click(screen.getByText('查看名单行（1）'))
    expect(screen.getByText('云溪村委会 第51行')).toBeTruthy()
    expect(screen.getByText('姓名：孙秋，人数：2，金额：1500.00元')).toBeTruthy()
    fireEvent.click(screen.getByText('不是问题，说明情况'))
    expect(screen.getByText('请写明处理理由')).toBeTruthy()
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(0)
    // The submit handler is async: let it settle before the next tap (hooks/use-submit-once.ts).
    await flush()
    fireEvent.click(screen.getByText('确认有问题，要求村里更正'))
    await flush()
    // With the revision the page loaded, so another officer's action since is not overwritten.
    expect(seen.find((r) => r.method === 'POST' && r.path.endsWith('/confirm'))?.body).toEqual({
      revision: 3,
    })
  })

  it('should read the findings again and say so when another officer acted first (409 cross_check_stale)', async () => {
    let loads = 0
    const other = { name: '云溪县 吴静', at: '2027-01-06T09:00:00.000Z', text: '系补发上月，不是问题' }
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': () => {
        loads += 1
        const f =
          loads > 1 ? buildFinding({ status: 'resolved', resolution: other, revision: 4 }) : buildFinding({})
        return listAnswer([f], KINDS)
      },
      'POST /api/v1/cross-checks/0123456789abcdef01234567/resolve': () =>
        apiError(409, ErrorCode.CrossCheckStale, '这条核查结果刚刚有人处理过或已重新核查，请刷新后再看'),
    })
    const { container } = render(<CrossChecksPage />)
    await flush()
    fireEvent.change(container.querySelector('.cw-cross__text') as Element, {
      target: { value: '家庭人数已变更' },
    })
    fireEvent.click(screen.getByText('不是问题，说明情况'))
    await flush(5)
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({ reason: '家庭人数已变更', revision: 3 })
    expect(loads).toBe(2)
    expect(screen.getByText(STALE_TEXT)).toBeTruthy()
    expect(screen.getByText('说明：系补发上月，不是问题')).toBeTruthy()
    expect(screen.queryByText('不是问题，说明情况')).toBeNull()
  })

  it('should let a township confirm a finding of two townships the other township already confirmed', async () => {
    fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': () =>
        listAnswer(
          [buildFinding({ kind: 'duplicate_person', status: 'confirmed', canResolve: false })],
          KINDS,
        ),
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.getByText('确认有问题，要求村里更正')).toBeTruthy()
  })

  it('offers 说明 only when the officer may resolve it (a finding of two townships is for the county)', async () => {
    fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': () =>
        listAnswer(
          [buildFinding({ kind: 'duplicate_person', kindLabel: '重复享受', canResolve: false })],
          KINDS,
        ),
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.queryByText('不是问题，说明情况')).toBeNull()
    expect(screen.getByText('涉及其他乡镇的村，是否是问题由县里说明。')).toBeTruthy()
    expect(screen.getByText('确认有问题，要求村里更正')).toBeTruthy()
  })

  it('steps through periods, shows the total and brings the next page on request', async () => {
    __setRouterParams({ region: '360999100000', period: '2026' })
    const ids = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => buildFinding({ id: (from + i).toString(16).padStart(24, '0') }))
    const seen = fakeBff({
      'GET /api/v1/regions/360999100000/cross-checks': (req) => {
        const offset = Number(req.query.offset ?? 0)
        const period = String(req.query.period)
        if (period !== '2026') {
          return listAnswer([], KINDS)
        }
        const page = offset === 0 ? ids(1, 50) : ids(51, 20)
        return {
          status: 200,
          body: {
            kinds: KINDS,
            findings: page,
            page: { offset, limit: 50, total: 70, nextOffset: offset === 0 ? 50 : null },
          },
        }
      },
    })
    render(<CrossChecksPage />)
    await flush()
    expect(screen.getByText('跨村核查（2026年）')).toBeTruthy()
    expect(screen.getByText('共 70 条，已显示 50 条')).toBeTruthy()
    fireEvent.click(screen.getByText('再显示 20 条'))
    await flush()
    expect(screen.getAllByText(/超过低保标准/)).toHaveLength(70)
    expect(screen.queryByText(/再显示/)).toBeNull()
    const asked = seen.filter((r) => r.method === 'GET' && r.path.endsWith('/cross-checks'))
    expect(asked.map((r) => r.query.offset)).toEqual(['0', '50'])
    fireEvent.click(screen.getByText('上一期'))
    await flush()
    expect(screen.getByText('跨村核查（2025年）')).toBeTruthy()
    expect(screen.getByText('没有发现问题')).toBeTruthy()
  })
})
