import { fireEvent, render } from '@testing-library/react'
import type { LedgerEntryDto } from '@cunwu/domain'
import { taroMock } from '../../../test/__mocks__/taro'
import { flush, resetSession } from '../../../test/support/render'
import { LedgerEntryCard } from './entry'

const VILLAGE = '360999101200'

function entry(voucherFileIds: string[]): LedgerEntryDto {
  return {
    id: '65f0000000000000000000e1',
    villageCode: VILLAGE,
    section: 'expense',
    date: '2026-06-01',
    month: '2026-06',
    amountFen: 300,
    summary: '购买扫帚',
    category: '日常开支',
    counterparty: '',
    remark: '',
    voucherNo: '记-12',
    voucherFileIds,
    source: 'manual',
    sourceRef: null,
    decisionId: null,
    reversedBy: null,
    reverses: null,
    createdAt: '2026-06-01T02:00:00.000Z',
  } as unknown as LedgerEntryDto
}

describe('LedgerEntryCard', () => {
  beforeEach(resetSession)

  it('should open each voucher of an entry with the sign-in (they were only counted)', async () => {
    taroMock.downloadFile.mockResolvedValue({ statusCode: 200, tempFilePath: 'http://tmp/voucher.jpg' })
    const { container } = render(
      <LedgerEntryCard
        entry={entry(['65f0000000000000000000f1', '65f0000000000000000000f2'])}
        villageCode={VILLAGE}
        showSection={false}
        onReversed={() => {}}
      />,
    )
    const links = [...container.querySelectorAll('.cw-ledger__voucher')]
    expect(links.map((l) => l.textContent)).toEqual(['查看凭证 1', '查看凭证 2'])
    expect(links[0]?.getAttribute('role')).toBe('link')
    fireEvent.click(links[1] as Element)
    await flush()
    const call = taroMock.downloadFile.mock.calls[0]?.[0] as { url: string; header: Record<string, string> }
    expect(call.url).toContain(`/api/v1/villages/${VILLAGE}/ledger/vouchers/65f0000000000000000000f2`)
    expect(taroMock.previewImage).toHaveBeenCalledWith({
      urls: ['http://tmp/voucher.jpg'],
      current: 'http://tmp/voucher.jpg',
    })
  })
})
