import { fireEvent, render, screen } from '@testing-library/react'
import type { LedgerEntryDto } from '@cunwu/domain'
import { fakeBff } from '../support/fake-bff'
import { buildMe } from '../support/builders'
import { flush, resetSession, signIn } from '../support/render'
import StatementPage from '../../src/pay/statement'
import { LedgerEntryCard } from '../../src/pay/ledger/entry'
import { todayInChina } from '../../src/utils/period'

const V = '360999001001'
const grant = { role: 'secretary' as const, regionCode: V, regionName: '云溪村委会' }
const me = () => ({ status: 200, body: buildMe({ roles: [grant], activeRole: grant }) })
const month = todayInChina().slice(0, 7)

const entry: LedgerEntryDto = {
  id: '65f0000000000000000000e1',
  villageCode: V,
  section: 'income',
  date: `${month}-01`,
  amountFen: 5000,
  summary: '集体鱼塘租金',
  category: '租金收入',
  counterparty: '',
  voucherNo: '',
  voucherFileIds: [],
  handler: '',
  remark: '',
  source: 'manual',
  sourceRef: 'manual:1',
  decisionId: null,
  reversalOf: null,
  reversedBy: null,
  createdAt: `${month}-01T00:00:00.000Z`,
}

describe('statement and ledger corrections', () => {
  beforeEach(() => {
    resetSession()
    signIn('secretary')
  })

  it('StatementPage should say the ledger changed after publication and draft a corrected version with a note', async () => {
    const seen = fakeBff({
      'GET /api/v1/me': me,
      [`GET /api/v1/villages/${V}/ledger`]: () => ({ status: 200, body: { entries: [entry] } }),
      [`GET /api/v1/villages/${V}/finance-statements/${month}`]: () => ({
        status: 200,
        body: {
          month,
          ended: true,
          sections: [
            {
              section: 'income',
              disclosureId: '65f0000000000000000000d1',
              version: 1,
              status: 'published',
              publishedId: '65f0000000000000000000d1',
              ledgerChanged: true,
              reconciliationChanged: false,
            },
          ],
          undrafted: [],
          correctionDue: true,
        },
      }),
      [`POST /api/v1/villages/${V}/finance-statements`]: () => ({
        status: 201,
        body: { month, incomeFen: 5000, expenseFen: 0, disclosures: [], openReconciliationIssues: 0 },
      }),
    })
    const { container } = render(<StatementPage />)
    await flush()
    expect(container.querySelector('.cw-statement__changed')?.textContent).toContain('账目在公开后又有变动')
    expect(container.textContent).toContain('第 1 版 · 已公开')
    // Nothing to draft for the first time: only the correction is offered.
    expect(container.querySelector('.cw-statement__draft')).toBeNull()
    fireEvent.click(screen.getByText('按台账生成更正版'))
    await flush()
    expect(seen.find((r) => r.method === 'POST')?.body).toEqual({
      month,
      changeNote: '公开后台账有变动，按台账更正',
    })
  })

  it('LedgerEntryCard should reverse an entry with a reason and pass on the warning of a public month', async () => {
    const seen = fakeBff({
      [`POST /api/v1/villages/${V}/ledger/${entry.id}/reverse`]: () => ({
        status: 201,
        body: {
          ...entry,
          id: '65f0000000000000000000e2',
          amountFen: -5000,
          source: 'reversal',
          reversalOf: entry.id,
          warning: '的财务公开已经发布',
        },
      }),
    })
    const told: string[] = []
    const { container, rerender } = render(
      <LedgerEntryCard entry={entry} villageCode={V} showSection={false} onReversed={(m) => told.push(m)} />,
    )
    fireEvent.click(screen.getByText('记错了，冲销这笔'))
    fireEvent.click(screen.getByText('确认冲销'))
    await flush()
    expect(container.textContent).toContain('请写明冲销原因')
    expect(seen).toHaveLength(0)
    fireEvent.input(container.querySelector('.cw-ledger__reverse-form input') as Element, {
      target: { value: '金额记错' },
    })
    fireEvent.click(screen.getByText('确认冲销'))
    await flush()
    expect(seen[0]?.body).toEqual({ reason: '金额记错' })
    expect(told[0]).toContain('的财务公开已经发布')
    rerender(
      <LedgerEntryCard
        entry={{ ...entry, reversedBy: { entryId: 'x', reason: '金额记错', createdAt: entry.createdAt } }}
        villageCode={V}
        showSection={false}
        onReversed={() => undefined}
      />,
    )
    expect(container.textContent).toContain('已冲销：金额记错')
    expect(screen.queryByText('记错了，冲销这笔')).toBeNull()
  })
})
