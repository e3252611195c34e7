import { describe, expect, it } from 'vitest'
import { findCatalogItem } from '@cunwu/domain'
import type { Disclosure } from '../models/Disclosure.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import { buildIdNumber } from '../testing/factories'
import { compareSides } from './alignment-comparison'

// The comparison names the government side by the domain's one rule for 乡镇/县里 (`officeOf`): a township's list
// is 乡镇's, a county's 县里's, as the review notices name them.

const ITEM = 'agricultural-subsidies.cultivated-land-protection'

describe('compareSides', () => {
  const item = findCatalogItem(ITEM)
  if (!item) throw new Error(`no ${ITEM}`)
  const disclosure = { rows: [] } as unknown as Disclosure
  // One household on the government's list and not on the village's: its explanation names the government side.
  const row = {
    name: '赵德明',
    area_mu: 4,
    amount: 50_000,
    household_no: '001',
    id_number: buildIdNumber('1960-01-10', 1),
  }
  const explanationFor = (regionCode: string) =>
    compareSides(item, disclosure, { regionCode, catalogItemId: ITEM } as unknown as GovernmentItem, [row])
      .result.discrepancies.map((d) => d.explanation)
      .join('\n')

  it('should name a township list 乡镇 and a county list 县里', () => {
    expect(explanationFor('360999100000')).toContain('乡镇')
    expect(explanationFor('360999100000')).not.toContain('县里')
    expect(explanationFor('360999000000')).toContain('县里')
  })
})
