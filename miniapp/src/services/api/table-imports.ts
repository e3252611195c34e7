import { z } from 'zod'
import { DisclosureDtoSchema, type DisclosureDto } from '@cunwu/domain'
import { request } from '@/services/request'
import { uploadFile, type PickedFile } from '@/services/upload'

const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])
const IssueSchema = z.object({
  row: z.number(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
})
export type ImportIssue = z.infer<typeof IssueSchema>

/** An Excel/CSV import as the BFF reports it while it runs and once it is done. */
export const TableImportDtoSchema = z.object({
  id: z.string(),
  status: z.enum(['processing', 'ready', 'failed', 'applied']),
  progress: z.object({ done: z.number(), total: z.number() }),
  headerRow: z.number().nullable(),
  sourceLabels: z.array(z.string()),
  mapping: z.record(z.string(), z.number().nullable()),
  unmappedRequired: z.array(z.string()),
  rowCount: z.number().int(),
  preview: z.array(z.record(z.string(), CellSchema)),
  errors: z.array(IssueSchema),
  errorCount: z.number().int(),
  warnings: z.array(IssueSchema),
  declaredTotals: z.record(z.string(), z.number()).nullable(),
  sums: z.record(z.string(), z.number()).nullable(),
  failure: z.string().nullable(),
})
export type TableImportDto = z.infer<typeof TableImportDtoSchema>

/** Uploads a spreadsheet (.xlsx/.csv) for a catalog item's table; the BFF reads it in the background (202). */
export function startTableImport(
  villageCode: string,
  catalogItemId: string,
  file: PickedFile,
): Promise<TableImportDto> {
  return uploadFile(`/api/v1/villages/${encodeURIComponent(villageCode)}/table-imports`, file, {
    query: { catalogItemId },
    schema: TableImportDtoSchema,
  })
}

/** Polls an import for its progress and result. */
export function getTableImport(id: string): Promise<TableImportDto> {
  return request(`/api/v1/table-imports/${encodeURIComponent(id)}`, { schema: TableImportDtoSchema })
}

/** Corrects which spreadsheet column feeds which table column; the rows are checked again. */
export function remapTableImport(
  id: string,
  headerRow: number,
  mapping: Record<string, number | null>,
): Promise<TableImportDto> {
  return request(`/api/v1/table-imports/${encodeURIComponent(id)}/mapping`, {
    method: 'POST',
    body: { headerRow, mapping },
    schema: TableImportDtoSchema,
  })
}

/** Puts the imported rows into a draft (all or nothing); answers the draft. */
export function applyTableImport(id: string, disclosureId: string): Promise<DisclosureDto> {
  return request(`/api/v1/table-imports/${encodeURIComponent(id)}/apply`, {
    method: 'POST',
    body: { disclosureId },
    schema: DisclosureDtoSchema,
  })
}
