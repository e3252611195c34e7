import { describe, expect, it, vi } from 'vitest'
import * as alignment from '@cunwu/alignment'
import type * as Alignment from '@cunwu/alignment'
import type * as Domain from '@cunwu/domain'
import { findCatalogItem } from '@cunwu/domain'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import { compareSides } from './alignment-comparison'

// The comparison names the government side through the domain's one rule for 乡镇/县里 (`officeOf`), not a copy.
vi.mock('@cunwu/domain', async (importOriginal) => {
  const actual = await importOriginal<typeof Domain>()
  return { ...actual, officeOf: vi.fn(() => '县里') }
})
vi.mock('@cunwu/alignment', async (importOriginal) => {
  const actual = await importOriginal<typeof Alignment>()
  return { ...actual, compareTables: vi.fn(actual.compareTables) }
})

const ITEM = 'agricultural-subsidies.cultivated-land-protection'

describe('compareSides', () => {
  it('should name the government side with officeOf from @cunwu/domain', () => {
    const item = findCatalogItem(ITEM)
    if (!item) throw new Error(`no ${ITEM}`)
    // A township's code: without officeOf the comparison would say 乡镇; the mocked rule says 县里.
    const gov = { regionCode: '360999100000', catalogItemId: ITEM } as unknown as GovernmentItem
    const disclosure = { rows: [] } as unknown as Disclosure
    compareSides(item, disclosure, gov, [])
    expect(vi.mocked(alignment.compareTables).mock.calls[0]?.[0].governmentSource).toBe('县里')
  })
})
