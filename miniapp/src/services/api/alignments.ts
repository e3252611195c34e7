import {
  AlignmentDtoSchema,
  ComplianceDtoSchema,
  type AlignmentDto,
  type AlignmentVerifyReq,
  type ComplianceDto,
} from '@cunwu/domain'
import { downloadWithAuth } from '@/services/download'
import { apiUrl, request } from '@/services/request'

const enc = encodeURIComponent

/** How a disclosure compares with the government's publication: public view, or more for the village's staff. */
export function getDisclosureAlignment(disclosureId: string): Promise<AlignmentDto> {
  return request(`/api/v1/disclosures/${enc(disclosureId)}/alignment`, { schema: AlignmentDtoSchema })
}

/** One alignment with every discrepancy (staff of the village, township or county). */
export function getAlignment(id: string): Promise<AlignmentDto> {
  return request(`/api/v1/alignments/${enc(id)}`, { schema: AlignmentDtoSchema })
}

/**
 * The township's (or county's) verdict on an alignment, with the fingerprint and versions the officer saw;
 * 409 alignment_stale when either side changed meanwhile.
 */
export function verifyAlignment(id: string, req: AlignmentVerifyReq): Promise<AlignmentDto> {
  return request(`/api/v1/alignments/${enc(id)}/verify`, {
    method: 'POST',
    body: req,
    schema: AlignmentDtoSchema,
  })
}

/**
 * The compliance dashboard of a county, township or village for a period (counts, health per child, rows); without
 * one, the year the BFF suggests by its clock (the year of the most recent overdue period; the answer's `period`).
 */
export function getCompliance(regionCode: string, period?: string): Promise<ComplianceDto> {
  return request(`/api/v1/regions/${enc(regionCode)}/compliance`, {
    query: period === undefined ? {} : { period },
    schema: ComplianceDtoSchema,
  })
}

/** The URL of the dashboard's Excel export (it needs the Bearer token, so it is fetched, not linked). */
export function complianceExportUrl(regionCode: string, period: string): string {
  return apiUrl(`/api/v1/regions/${enc(regionCode)}/compliance.xlsx`, { period })
}

/**
 * Downloads the dashboard's Excel export with the signed-in user's token: H5 saves it through a temporary
 * link; WeChat downloads it and opens it in its document viewer (from there it can be forwarded).
 */
export function downloadComplianceExport(regionCode: string, period: string): Promise<void> {
  return downloadWithAuth(complianceExportUrl(regionCode, period), `合规看板-${period}.xlsx`, 'xlsx', {
    code: 'export_failed',
    message: '导出失败，请稍后再试',
  })
}
