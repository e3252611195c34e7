import type { CatalogItem, TableRow, TableSchema } from '@cunwu/domain'
import { idCheckCharacter, listCatalogItems } from '@cunwu/domain'
import { demoHouseholds } from '../services/seed.service'

/** The village-level 低保 approved-list item of the catalog (roster with names, amounts, IDs, bank numbers). */
export function dibaoItem(): CatalogItem {
  const item = listCatalogItems({ level: 'village' }).find((i) => i.id.endsWith('dibao.approval'))
  if (!item?.table) throw new Error('catalog has no village 低保 roster item')
  return item
}

/** The table schema of the 低保 roster item. */
export function dibaoTable(): TableSchema {
  const table = dibaoItem().table
  if (!table) throw new Error('低保 item has no table')
  return table
}

/** A valid 18-digit ID number (checksum included) for a birth date and a sequence number. */
export function buildIdNumber(birth: string, seq: number): string {
  const first17 = `360999${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
  return first17 + (idCheckCharacter(first17) ?? '0')
}

/** 低保 roster rows for the first `count` households of a village's demo roster; amounts in fen. */
export function buildDibaoRows(villageCode: string, count = 30): TableRow[] {
  return demoHouseholds(villageCode)
    .slice(0, count)
    .map((h, i) => ({
      name: h.headName,
      household_size: 1 + (i % 4),
      amount: 58_000 + i * 100,
      group: `第${1 + (i % 3)}组`,
      id_number: buildIdNumber(`19${50 + i}-0${1 + (i % 9)}-1${i % 10}`, i + 1),
      household_no: h.householdNo,
      bank_account: '6217001234567890123',
      phone: `1380013${String(8000 + i).padStart(4, '0')}`,
    }))
}

/** A 耕地地力保护补贴 row for a demo household, the `i`-th of its list: 4 + i 亩 at 125 元 a 亩, amounts in fen. */
export function subsidyRow(h: ReturnType<typeof demoHouseholds>[number], i: number): TableRow {
  return {
    name: h.headName,
    area_mu: 4 + i,
    amount: (4 + i) * 12_500,
    household_no: h.householdNo,
    id_number: buildIdNumber(`1960-0${1 + i}-1${i}`, i + 1),
    bank_account: '6217001234567890123',
  }
}

/** 耕地地力保护补贴 rows for the first `count` households of a village's demo roster. */
export function subsidyRows(villageCode: string, count = 3): TableRow[] {
  return demoHouseholds(villageCode).slice(0, count).map(subsidyRow)
}

/** A 重大事项 draft of text only (village-finance.major-item): the body of a create. */
export function majorItemDraft(period: string, title: string, body: string) {
  return { catalogItemId: 'village-finance.major-item', period, title, body }
}
