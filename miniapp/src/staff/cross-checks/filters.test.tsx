import { fireEvent, render, screen } from '@testing-library/react'
import { __setRouterParams } from '../../../test/__mocks__/taro'
import { buildRegion } from '../../../test/support/builders'
import { buildFinding, listAnswer } from '../../../test/support/cross-check-builders'
import { fakeBff } from '../../../test/support/fake-bff'
import { flush, resetSession, signIn } from '../../../test/support/render'
import CrossChecksPage from './index'

const TOWNSHIP = '360999100000'
const DONGFANG = '360999100200'
const id = (n: number) => n.toString(16).padStart(24, '0')

/**
 * The 跨村核查 page of a township with many villages (outside tester: 300 subsidy differences before the 5
 * person-level problems): the server's order (most serious first) is kept, and the officer narrows the list to one
 * kind, with chips in plain words and counts, or to one village found by name.
 */
describe('CrossChecksPage filters', () => {
  beforeEach(() => {
    resetSession()
    signIn('township')
    __setRouterParams({ region: TOWNSHIP, period: '2027-01' })
  })

  function server() {
    const dup = buildFinding({ id: id(1), kind: 'duplicate_person', kindLabel: '多村重复享受' })
    const account = buildFinding({ id: id(2), kind: 'shared_account', kindLabel: '多户共用账号' })
    const above = Array.from({ length: 3 }, (_, i) => buildFinding({ id: id(10 + i) }))
    return fakeBff({
      [`GET /api/v1/regions/${TOWNSHIP}/cross-checks`]: (req) => {
        const counts = { duplicate_person: 1, shared_account: 1, above_standard: 3 }
        if (req.query.village === DONGFANG) return listAnswer([account], { shared_account: 1 })
        if (req.query.kind === 'shared_account') return listAnswer([account], counts)
        return listAnswer([dup, account, ...above], counts)
      },
      [`GET /api/v1/regions/${TOWNSHIP}/children`]: () => ({
        status: 200,
        body: {
          regions: [
            buildRegion(DONGFANG, '东坊村委会'),
            buildRegion('360999100201', '西坊村委会'),
            buildRegion('360999100202', '云溪村委会'),
          ],
        },
      }),
    })
  }

  const shownKinds = (container: HTMLElement) =>
    [...container.querySelectorAll('.cw-cross__finding')].map((e) => e.getAttribute('data-kind'))

  it('should keep the order the server gives and narrow to one kind with chips that say how many', async () => {
    const seen = server()
    const { container } = render(<CrossChecksPage />)
    await flush()
    expect(shownKinds(container)).toEqual([
      'duplicate_person',
      'shared_account',
      'above_standard',
      'above_standard',
      'above_standard',
    ])
    const chips = screen.getByRole('radiogroup', { name: '问题种类' })
    expect([...chips.querySelectorAll('[role="radio"]')].map((c) => c.textContent)).toEqual([
      '全部 5',
      '多村重复享受 1',
      '多户共用账号 1',
      '超标准发放 3',
    ])
    fireEvent.click(screen.getByRole('radio', { name: '多户共用账号 1' }))
    await flush()
    expect(seen.at(-1)?.query).toMatchObject({ kind: 'shared_account', offset: '0' })
    expect(shownKinds(container)).toEqual(['shared_account'])
    expect(screen.getByRole('radio', { name: '多户共用账号 1' }).getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByRole('radio', { name: '全部 5' }))
    await flush()
    expect(seen.at(-1)?.query.kind).toBeUndefined()
    expect(shownKinds(container)).toHaveLength(5)
  })

  it('should find a village typed with spaces as the dashboard does (东 坊 finds 东坊村委会)', async () => {
    server()
    const { container } = render(<CrossChecksPage />)
    await flush()
    fireEvent.input(container.querySelector('.cw-cross__find input, input.cw-cross__find') as Element, {
      target: { value: ' 东 坊 ' },
    })
    await flush()
    expect(screen.getByText('东坊村委会')).toBeTruthy()
    expect(screen.queryByText('西坊村委会')).toBeNull()
  })

  it("should find one of the township's villages by name and show only its findings", async () => {
    const seen = server()
    const { container } = render(<CrossChecksPage />)
    await flush()
    fireEvent.input(container.querySelector('.cw-cross__find input, input.cw-cross__find') as Element, {
      target: { value: '坊' },
    })
    await flush()
    expect(screen.getByText('东坊村委会')).toBeTruthy()
    expect(screen.getByText('西坊村委会')).toBeTruthy()
    expect(screen.queryByText('云溪村委会', { selector: '.cw-cross__pick, .cw-cross__pick *' })).toBeNull()
    fireEvent.click(screen.getByText('东坊村委会'))
    await flush()
    expect(seen.at(-1)?.query).toMatchObject({ village: DONGFANG })
    expect(screen.getByText('只看：东坊村委会')).toBeTruthy()
    expect(shownKinds(container)).toEqual(['shared_account'])
    fireEvent.click(screen.getByText('看全部村'))
    await flush()
    expect(seen.at(-1)?.query.village).toBeUndefined()
    expect(shownKinds(container)).toHaveLength(5)
  })
})
