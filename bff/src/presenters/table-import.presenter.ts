import type { TableImportDto } from '@cunwu/domain'
import type { TableImport } from '../models/TableImport.model'

/** Presents an import to the staff who made it: progress, mapping, errors and a preview (never every row). */
export function presentTableImport(doc: TableImport): TableImportDto {
  return {
    id: doc._id.toHexString(),
    kind: doc.kind,
    catalogItemId: doc.catalogItemId,
    governmentItemId: doc.governmentItemId?.toHexString() ?? null,
    filename: doc.filename,
    status: doc.status,
    stage: doc.status === 'processing' ? (doc.stage ?? 'checking') : null,
    progress: doc.progress,
    headerRow: doc.headerRow,
    sourceLabels: doc.sourceLabels,
    mapping: doc.mapping,
    villageColumn: doc.villageColumn ?? null,
    unmappedRequired: doc.unmappedRequired,
    rowCount: doc.rowCount ?? 0,
    villageCount: doc.villageCount ?? 0,
    preview: doc.preview ?? [],
    errors: doc.cellErrors,
    errorCount: doc.errorCount,
    warnings: doc.warnings,
    warningCount: doc.warningCount ?? doc.warnings.length,
    declaredTotals: doc.declaredTotals,
    sums: doc.sums,
    failure: doc.failure,
  }
}
