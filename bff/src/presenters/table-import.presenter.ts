import type { TableImport } from '../models/TableImport.model'

/** Presents an import to the secretary who made it: progress, mapping, errors and a preview (not all rows). */
export function presentTableImport(doc: TableImport) {
  return {
    id: doc._id.toHexString(),
    catalogItemId: doc.catalogItemId,
    filename: doc.filename,
    status: doc.status,
    progress: doc.progress,
    headerRow: doc.headerRow,
    sourceLabels: doc.sourceLabels,
    mapping: doc.mapping,
    unmappedRequired: doc.unmappedRequired,
    rowCount: doc.rows?.length ?? 0,
    preview: (doc.rows ?? []).slice(0, 20),
    errors: doc.cellErrors,
    errorCount: doc.errorCount,
    warnings: doc.warnings,
    declaredTotals: doc.declaredTotals,
    sums: doc.sums,
    failure: doc.failure,
  }
}
