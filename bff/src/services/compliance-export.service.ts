import type { ComplianceRowDto, TableSchema } from '@cunwu/domain'
import { toShanghaiDate } from '@cunwu/domain'
import { writeTableXlsx } from '@cunwu/tables'
import { notFound } from '../errors'
import type { Models } from '../models'
import type { ComplianceService } from './compliance.service'

const EXPORT_SCHEMA: TableSchema = {
  kind: 'list',
  title: '村务公开合规情况',
  minorRule: null,
  provenance: 'designed',
  columns: [
    { key: 'village', label: '村（社区）', type: 'text', required: true, policy: 'public' },
    { key: 'village_code', label: '区划代码', type: 'text', required: true, policy: 'public' },
    { key: 'item', label: '公开事项', type: 'text', required: true, policy: 'public' },
    { key: 'period', label: '期次', type: 'text', required: true, policy: 'public' },
    { key: 'published_on', label: '公开日期', type: 'date', required: false, policy: 'public' },
    { key: 'due_date', label: '应公开日期', type: 'date', required: false, policy: 'public' },
    { key: 'due_status', label: '按时情况', type: 'text', required: false, policy: 'public' },
    { key: 'alignment', label: '与政府公开对照', type: 'text', required: false, policy: 'public' },
    {
      key: 'discrepancies',
      label: '差异数',
      type: 'integer',
      required: false,
      policy: 'public',
      total: true,
    },
    { key: 'verified_by', label: '核验人', type: 'text', required: false, policy: 'public' },
    { key: 'explanation', label: '差异说明', type: 'text', required: false, policy: 'public' },
    // Cross-village checks (docs/cross-checks.md): filled only for staff who may see findings.
    {
      key: 'cross_checks',
      label: '跨村核查问题',
      type: 'integer',
      required: false,
      policy: 'public',
      total: true,
    },
    { key: 'cross_check_notes', label: '跨村核查说明', type: 'text', required: false, policy: 'public' },
  ],
}

const DUE_LABELS: Record<NonNullable<ComplianceRowDto['dueStatus']>, string> = {
  on_time: '按时',
  late: '逾期后公开',
  overdue: '已逾期',
  due_soon: '即将到期',
  upcoming: '未到期',
}
const ALIGNMENT_LABELS: Record<NonNullable<ComplianceRowDto['alignmentStatus']>, string> = {
  consistent: '一致（待核验）',
  inconsistent: '有差异',
  village_missing: '村里未公开',
  government_missing: '政府未公开',
  verified: '已核验',
}

/** The compliance lines of a county, township or village for a period as an Excel workbook (the quarterly report). */
export class ComplianceExportService {
  constructor(private readonly deps: { models: Models; compliance: Pick<ComplianceService, 'lines'> }) {}

  /** The lines of a region and period as an Excel workbook. */
  async workbook(
    code: string,
    period: string,
    now: Date,
    /** Open cross-village findings per `${villageCode}|${catalogItemId}`, when the requester may see them. */
    crossChecks: ReadonlyMap<string, { count: number; explanations: string[] }> | null = null,
  ): Promise<{ filename: string; data: Buffer }> {
    const region = await this.deps.models.Region.findById(code, { name: 1 }).lean()
    if (!region) throw notFound('地区')
    const rows = await this.deps.compliance.lines(code, period, toShanghaiDate(now))
    const data = await writeTableXlsx(
      EXPORT_SCHEMA,
      rows.map((l) => ({
        village: l.villageName,
        village_code: l.villageCode,
        item: l.catalogItemName,
        period: l.period,
        published_on: l.publishedOn,
        due_date: l.dueDate,
        due_status: l.dueStatus ? DUE_LABELS[l.dueStatus] : null,
        alignment: l.alignmentStatus ? ALIGNMENT_LABELS[l.alignmentStatus] : null,
        discrepancies: l.discrepancyCount,
        verified_by: l.verifiedBy,
        explanation: l.explanations.join('；') || null,
        cross_checks: crossChecks
          ? (crossChecks.get(`${l.villageCode}|${l.catalogItemId}`)?.count ?? 0)
          : null,
        cross_check_notes:
          crossChecks?.get(`${l.villageCode}|${l.catalogItemId}`)?.explanations.join('；') ?? null,
      })),
      { title: `${region.name} ${period} 村务公开合规情况`, totals: true, blankRows: 0 },
    )
    return { filename: `compliance-${code}-${period}.xlsx`, data }
  }
}
