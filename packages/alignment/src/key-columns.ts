import type { Column, TableSchema } from '@cunwu/domain'
import type { KeyColumns } from './types'

/** Resolved identifying columns of a schema (explicit overrides first, then schema flags). */
export function resolveKeyColumns(schema: TableSchema, overrides: KeyColumns = {}): Required<KeyColumns> {
  const cols = schema.columns
  const pick = (key: string | null | undefined, fallback: Column | undefined): string | null =>
    key !== undefined ? key : (fallback?.key ?? null)
  const nameFallback =
    cols.find((c) => c.type === 'text' && c.identifiesHousehold === true) ??
    cols.find((c) => c.type === 'text' && c.required)
  return {
    name: pick(overrides.name, nameFallback),
    idNumber: pick(
      overrides.idNumber,
      cols.find((c) => c.type === 'id_number' && c.identifiesHousehold === true) ??
        cols.find((c) => c.type === 'id_number'),
    ),
    householdNo: pick(
      overrides.householdNo,
      cols.find((c) => c.type === 'household_no'),
    ),
    group: pick(
      overrides.group,
      cols.find((c) => c.key === 'group'),
    ),
  }
}
