import type { DisclosureDto } from '@cunwu/domain'

type PosterTable = NonNullable<DisclosureDto['table']>

/**
 * A public disclosure as the posters receive it (the privacy presenter's output), for presenter tests and the
 * posters bench: a 低保 list of `rows` rows by default, or the given columns and rows.
 */
export function buildPosterDto(
  rows = 30,
  overrides: Partial<DisclosureDto> & { columns?: PosterTable['columns']; rows?: PosterTable['rows'] } = {},
): DisclosureDto {
  const list: PosterTable['rows'] =
    overrides.rows ??
    Array.from({ length: rows }, (_, i) => ({
      name: `张秀${String(i).padStart(3, '0')}`,
      household_size: 1 + (i % 4),
      amount: 58_000 + i * 10,
      group: `第${1 + (i % 5)}组`,
      id_number: '3609**********1234',
    }))
  const columns = overrides.columns ?? [
    { key: 'name', label: '申请人姓名', type: 'text', masked: false },
    { key: 'household_size', label: '家庭人数', type: 'integer', masked: false, unit: '人' },
    { key: 'amount', label: '月保障金', type: 'amount_fen', masked: false, total: true },
    { key: 'group', label: '组别', type: 'text', masked: false },
    { key: 'id_number', label: '身份证号', type: 'id_number', masked: true },
  ]
  const totals: Record<string, number> = {}
  for (const c of columns)
    if (c.total)
      totals[c.key] = list.reduce((s, r) => s + (typeof r[c.key] === 'number' ? Number(r[c.key]) : 0), 0)
  const { columns: _c, rows: _r, ...rest } = overrides
  return {
    id: '0123456789abcdef01234567',
    regionCode: '360999001001',
    regionName: '云溪村',
    catalogItemId: 'x',
    catalogItemName: '最低生活保障审批',
    domainId: 'x',
    period: '2026-Q1',
    version: 1,
    status: 'published',
    title: '2026年第一季度低保名单公示',
    body: '经村民代表会议民主评议，现将本季度低保名单公示如下。',
    interpretation: null,
    figures: [{ name: '低保标准', value: 900, unit: '元/月' }],
    table: { title: '低保名单', columns, rows: list, totals, rowCount: list.length, omittedRowCount: 0 },
    attachments: [],
    changeNote: null,
    publishedAt: new Date().toISOString(),
    postingUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...rest,
  } as DisclosureDto
}
