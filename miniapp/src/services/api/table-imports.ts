import {
  DisclosureDtoSchema,
  GovernmentItemDtoSchema,
  TableImportDtoSchema,
  type DisclosureDto,
  type GovernmentItemDto,
  type TableImportDraftReq,
  type TableImportDto,
  type TableImportIssue,
  type TableImportRemapReq,
} from '@cunwu/domain'
import { request } from '@/services/request'
import { uploadFile, type PickedFile } from '@/services/upload'

export type { TableImportDto }
/** One problem of an import, located by spreadsheet row and table column key. */
export type ImportIssue = TableImportIssue

const enc = encodeURIComponent

/** Uploads a spreadsheet (.xlsx/.csv) for a village table; the BFF reads it in the background (202). */
export function startTableImport(
  villageCode: string,
  catalogItemId: string,
  file: PickedFile,
): Promise<TableImportDto> {
  return uploadFile(`/api/v1/villages/${enc(villageCode)}/table-imports`, file, {
    query: { catalogItemId },
    schema: TableImportDtoSchema,
  })
}

/** Uploads a township's or county's roster (a 村名 or 区划代码 column) for a draft government item (202). */
export function startGovernmentImport(governmentItemId: string, file: PickedFile): Promise<TableImportDto> {
  return uploadFile(`/api/v1/government-items/${enc(governmentItemId)}/table-imports`, file, {
    schema: TableImportDtoSchema,
  })
}

/** Polls an import for its progress and result. */
export function getTableImport(id: string): Promise<TableImportDto> {
  return request(`/api/v1/table-imports/${enc(id)}`, { schema: TableImportDtoSchema })
}

/**
 * Corrects which spreadsheet column feeds which table column (and, for a roster, which names the village); the
 * rows are checked again.
 */
export function remapTableImport(
  id: string,
  headerRow: number,
  mapping: Record<string, number | null>,
  villageColumn?: number | null,
  sheetIndex?: number | null,
): Promise<TableImportDto> {
  const body: TableImportRemapReq = { headerRow, mapping }
  if (villageColumn !== undefined) body.villageColumn = villageColumn
  if (sheetIndex !== undefined && sheetIndex !== null) body.sheetIndex = sheetIndex
  return request(`/api/v1/table-imports/${enc(id)}/mapping`, {
    method: 'POST',
    body,
    schema: TableImportDtoSchema,
  })
}

/** Imports only one worksheet of the file (its header and columns found afresh); the rows are checked again. */
export function chooseTableImportSheet(id: string, sheetIndex: number): Promise<TableImportDto> {
  return request(`/api/v1/table-imports/${enc(id)}/mapping`, {
    method: 'POST',
    body: { sheetIndex } satisfies TableImportRemapReq,
    schema: TableImportDtoSchema,
  })
}

/**
 * Puts an import's rows into a draft (`disclosureId`), or into a new draft it creates (`draft`: period, title…, when
 * nothing was saved yet; 409 disclosure_exists if the period has one). All or nothing; answers the draft. With
 * `revision`, a draft someone else saved since is 409 disclosure_stale (the import stays ready).
 */
export function applyTableImport(
  id: string,
  target: { disclosureId: string; revision?: number } | { draft: TableImportDraftReq },
): Promise<DisclosureDto> {
  return request(`/api/v1/table-imports/${enc(id)}/apply`, {
    method: 'POST',
    body: target,
    schema: DisclosureDtoSchema,
  })
}

/**
 * Puts a roster's rows into the government item it was started for (all or nothing: 422 government_rows_invalid
 * with the rows when any is wrong); answers the item.
 */
export function applyGovernmentImport(id: string): Promise<GovernmentItemDto> {
  return request(`/api/v1/table-imports/${enc(id)}/apply`, {
    method: 'POST',
    body: {},
    schema: GovernmentItemDtoSchema,
  })
}
