import type {
  CatalogItem,
  DisclosureDto,
  DisclosureVersionDto,
  Interpretation,
  PresentedTableDto,
  RowChangesDto,
} from '@cunwu/domain'
import type { RowDiff } from '@cunwu/domain'
import {
  InterpretationSchema,
  changedCells,
  diffTableRows,
  rowKeyColumns,
  formatYuan,
  presentTableRows,
  redactSensitiveNumbers,
  tableTotals,
} from '@cunwu/domain'
import { isDecisionResolution, type Disclosure, type DisclosureView } from '../models/Disclosure.model'

/** Who a disclosure is presented to: the public view applies the column policies; staff see their drafts whole. */
export type DisclosureAudience = 'public' | 'household' | 'staff'

/** The alignment badge; the alignment feature fills it, until then it says nothing is known. */
export interface AlignmentBadge {
  status: string
  label: string
  /** The version that replaced a superseded one. */
  supersededBy?: { id: string; version: number }
}

const NO_ALIGNMENT: AlignmentBadge = { status: 'unknown', label: '暂无对照信息' }

function scrub(text: string): string {
  return redactSensitiveNumbers(text)
}

function presentInterpretation(value: unknown, audience: DisclosureAudience): Interpretation | null {
  const parsed = InterpretationSchema.nullable().safeParse(value)
  if (!parsed.success || !parsed.data) return null
  if (audience === 'staff') return parsed.data
  const { qa, chart } = parsed.data
  return {
    qa: qa.map((x) => ({ q: scrub(x.q), a: scrub(x.a) })),
    chart: chart
      ? {
          ...chart,
          title: scrub(chart.title),
          series: chart.series.map((p) => ({ ...p, label: scrub(p.label) })),
        }
      : null,
  }
}

/** Presents a table for an audience; the column policies of the catalog item decide (the one privacy presenter). */
export function presentTable(
  item: CatalogItem,
  rows: Disclosure['rows'],
  audience: DisclosureAudience,
): PresentedTableDto | null {
  if (!item.table || !rows) return null
  if (audience === 'staff') {
    const columns = item.table.columns.map((c) => ({
      key: c.key,
      label: c.label,
      type: c.type,
      masked: false,
      ...(c.unit ? { unit: c.unit } : {}),
      ...(c.total ? { total: true } : {}),
    }))
    return {
      title: item.table.title,
      columns,
      rows,
      totals: tableTotals(item.table, rows),
      rowCount: rows.length,
      omittedRowCount: 0,
    }
  }
  const presented = presentTableRows(item.table, rows, { audience })
  return {
    title: item.table.title,
    columns: presented.columns,
    rows: presented.rows,
    totals: tableTotals(item.table, presented.rows),
    rowCount: presented.rows.length,
    omittedRowCount: presented.omittedRowCount,
  }
}

/**
 * Presents a disclosure; public and household views never carry full ID, phone or bank numbers: every free-text
 * field (title, body, Q&A, chart labels, figures, attachment file names, change note, retraction reason) goes
 * through the one scrubber, `redactSensitiveNumbers`.
 */
export function presentDisclosure(
  d: DisclosureView,
  item: CatalogItem,
  options: {
    audience: DisclosureAudience
    regionName?: string
    alignment?: AlignmentBadge
    rows?: Disclosure['rows']
    /** For a superseded version: the public version that replaced it (its badge then says so and links there). */
    supersededBy?: { id: string; version: number } | null
  },
): DisclosureDto {
  const text = (s: string) => (options.audience === 'staff' ? s : scrub(s))
  return {
    id: d._id.toHexString(),
    regionCode: d.regionCode,
    ...(options.regionName ? { regionName: options.regionName } : {}),
    catalogItemId: d.catalogItemId,
    catalogItemName: item.name,
    domainId: d.domainId,
    period: d.period,
    version: d.version,
    status: d.status,
    title: text(d.title),
    body: text(d.body),
    interpretation: presentInterpretation(d.interpretation, options.audience),
    // Named figures are public facts (standard amounts), shown to everyone; free text is scrubbed as elsewhere.
    figures: (d.figures ?? []).map((f) => ({
      name: text(f.name),
      value: typeof f.value === 'number' ? f.value : text(f.value),
      ...(f.unit ? { unit: text(f.unit) } : {}),
    })),
    // A retracted version's list is withdrawn with it (often because it was wrong): outside the village's staff its
    // view keeps the title and the reason, not the rows, like its CSV, poster and read-aloud (docs/versions.md).
    table:
      d.status === 'retracted' && options.audience !== 'staff'
        ? null
        : presentTable(item, options.rows ?? d.rows, options.audience),
    // A retracted version's files are withdrawn with its list, by the same rule (the download answers 404 too).
    attachments: (d.status === 'retracted' && options.audience !== 'staff' ? [] : d.attachments).map((a) => ({
      id: a.fileId.toHexString(),
      filename: text(a.filename),
      contentType: a.contentType,
      size: a.size,
      url: `/api/v1/disclosures/${d._id.toHexString()}/attachments/${a.fileId.toHexString()}`,
    })),
    // Files taken down after publication (附件已撤下): the reason, never the file's name.
    withdrawnAttachments: (d.withdrawnAttachments ?? []).map((w) => ({
      id: w.fileId.toHexString(),
      withdrawnAt: w.withdrawnAt.toISOString(),
      reason: text(w.reason),
    })),
    changeNote: d.changeNote ? text(d.changeNote) : null,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    postingUntil: d.postingUntil?.toISOString() ?? null,
    retractReason: d.retractReason ? text(d.retractReason) : null,
    reviewComment: options.audience === 'staff' ? d.reviewComment : null,
    reviewOffice: options.audience === 'staff' ? (d.reviewOffice ?? null) : null,
    ...(options.audience === 'staff' && d.rosterMismatches?.length
      ? { rosterMismatches: d.rosterMismatches }
      : {}),
    // The revision the staff's edit or submit names back (docs/api.md, "Editing a draft").
    ...(options.audience === 'staff' ? { revision: d.revision ?? 0 } : {}),
    // A decision's 决议公开 is the meeting's record: the editor shows its title, text and table read-only.
    ...(options.audience === 'staff' && isDecisionResolution(d) ? { generatedFromDecision: true } : {}),
    // Published in place of a retired village by its successor: every reader is told who published it.
    ...(d.successor ? { successor: { regionCode: d.successor.regionCode, name: d.successor.name } } : {}),
    alignment: badgeFor(d, options),
  }
}

/**
 * The badge on a disclosure: a superseded version is compared no more (its alignment view shows the current
 * version's), so it says which version replaced it instead.
 */
function badgeFor(
  d: DisclosureView,
  options: { alignment?: AlignmentBadge; supersededBy?: { id: string; version: number } | null },
): AlignmentBadge {
  if (d.status === 'superseded' && options.supersededBy) {
    const by = options.supersededBy
    return { status: 'superseded', label: `已被第${by.version}版取代`, supersededBy: by }
  }
  return options.alignment ?? NO_ALIGNMENT
}

/**
 * The rows of `next` that differ from `prev`, compared as `audience` sees them (the public: after the column
 * policies, so a change in a hidden column or a minor's row marks nothing); row keys are `rowKeyColumns`, the
 * household-identifying columns the public sees, whoever reads. Null for an item without a table.
 */
export function presentedRowDiff(
  item: CatalogItem,
  prev: Disclosure['rows'],
  next: Disclosure['rows'],
  audience: DisclosureAudience,
): {
  diff: RowDiff
  rows: PresentedTableDto['rows']
  /** The older version's rows as `audience` sees them (`diff.pairedWith` indexes them). */
  before: PresentedTableDto['rows']
  /** The columns `audience` is shown, compared in that order. */
  columns: string[]
  keyColumns: string[]
  /** Column totals of each version as `audience` sees it: the public's leave out the rows it is not shown. */
  totals: { before: PresentedTableDto['totals']; after: PresentedTableDto['totals'] }
} | null {
  if (!item.table) return null
  const before = presentTable(item, prev ?? [], audience)
  const after = presentTable(item, next ?? [], audience)
  if (!before || !after) return null
  const shown = after.columns.map((c) => c.key)
  // One pairing rule for every audience (the public's), so the household's and staff's diffs pair as the public's.
  const keyColumns = rowKeyColumns(item.table).filter((k) => shown.includes(k))
  return {
    diff: diffTableRows(keyColumns, shown, before.rows, after.rows),
    rows: after.rows,
    before: before.rows,
    columns: shown,
    keyColumns,
    totals: { before: before.totals, after: after.totals },
  }
}

/**
 * `rowChanges` of the rows `next` against the rows `prev` of version `sinceVersion`, as `audience` sees both: a mark
 * per row, the counts, and for each changed row the cells that changed with their older value. Both sides pass the
 * one privacy presenter first, so an older value is masked, scrubbed or left out exactly as the table's column is
 * (docs/versions.md). Null for an item without a table.
 */
export function presentRowChanges(
  item: CatalogItem,
  prev: Disclosure['rows'],
  next: Disclosure['rows'],
  audience: DisclosureAudience,
  sinceVersion: number,
): RowChangesDto | null {
  const changed = presentedRowDiff(item, prev, next, audience)
  if (!changed) return null
  const { marks, added, removed, pairedWith } = changed.diff
  return {
    sinceVersion,
    marks,
    added,
    changed: changed.diff.changed,
    removed,
    cells: changed.rows.map((row, i) => {
      const j = pairedWith[i]
      const older = j === null || j === undefined ? undefined : changed.before[j]
      return older ? changedCells(changed.columns, older, row) : null
    }),
  }
}

/** Describes what changed between two versions, in plain words (never naming personal numbers). */
export function describeChanges(
  item: CatalogItem,
  prev: Disclosure | undefined,
  next: Disclosure,
  audience: DisclosureAudience = 'public',
): string[] {
  if (!prev) return ['首次公开']
  const changes: string[] = []
  if (prev.title !== next.title) changes.push('标题有修改')
  if (prev.body !== next.body) changes.push('正文有修改')
  if (JSON.stringify(prev.interpretation) !== JSON.stringify(next.interpretation))
    changes.push('政策解读有修改')
  if (figuresKey(prev) !== figuresKey(next)) changes.push('公开的标准数额有修改')
  const rows = presentedRowDiff(item, prev.rows, next.rows, audience)
  if (item.table && rows) {
    const { added, removed, changed } = rows.diff
    if (added) changes.push(`新增 ${added} 行`)
    if (removed) changes.push(`删除 ${removed} 行`)
    if (changed) changes.push(`修改 ${changed} 行`)
    // Totals as the audience's table shows them: the stored ones also count the rows the public is not shown (a
    // minor's), which the difference of two public totals would give away.
    const { before, after } = rows.totals
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      for (const column of item.table.columns.filter((c) => c.total)) {
        const a = before[column.key] ?? 0
        const b = after[column.key] ?? 0
        if (a !== b) {
          changes.push(
            column.type === 'amount_fen'
              ? `${column.label}合计由 ${formatYuan(a)} 元变为 ${formatYuan(b)} 元`
              : `${column.label}合计由 ${a} 变为 ${b}`,
          )
        }
      }
    }
  }
  if (attachmentsKey(prev) !== attachmentsKey(next)) changes.push('附件有变化')
  return changes.length ? changes : ['内容无变化']
}

/** How many rows an update names in a message, per kind of change. */
const NAMED_ROWS = 3

/**
 * What an update changed, in one short sentence for the villagers' inbox: the change note and the rows added,
 * changed and removed (counts, and the first few rows by their public key cells, e.g. the names a 公示 shows).
 * Built from the public presenter's rows and scrubbed like every public string.
 */
export function describeUpdate(item: CatalogItem, prev: Disclosure, next: Disclosure): string {
  const parts: string[] = []
  if (next.changeNote) parts.push(`更改说明：${scrub(next.changeNote)}。`)
  const rows = presentedRowDiff(item, prev.rows, next.rows, 'public')
  if (rows) {
    const named = (mark: 'added' | 'changed') =>
      rows.keyColumns.length === 0
        ? ''
        : rows.rows
            .filter((_, i) => rows.diff.marks[i] === mark)
            .slice(0, NAMED_ROWS)
            .map((r) => rows.keyColumns.map((k) => String(r[k] ?? '')).find((v) => v !== '') ?? '')
            .filter((v) => v !== '')
            .join('、')
    const line = (label: string, n: number, names: string) =>
      n === 0 ? '' : `${label} ${n} 行${names ? `（${names}${n > NAMED_ROWS ? '等' : ''}）` : ''}`
    const sentence = [
      line('修改', rows.diff.changed, named('changed')),
      line('新增', rows.diff.added, named('added')),
      line('删除', rows.diff.removed, ''),
    ]
      .filter((x) => x !== '')
      .join('，')
    if (sentence) parts.push(`表格${sentence}。`)
  }
  return scrub(parts.join(''))
}

function figuresKey(d: Disclosure): string {
  return JSON.stringify((d.figures ?? []).map((f) => [f.name, f.value, f.unit ?? null]))
}

function attachmentsKey(d: Disclosure): string {
  return d.attachments.map((a) => a.fileId.toHexString()).join(',')
}

/** Presents one entry of the version history. */
export function presentVersion(
  item: CatalogItem,
  d: Disclosure,
  prev: Disclosure | undefined,
  audience: DisclosureAudience = 'public',
): DisclosureVersionDto {
  return {
    id: d._id.toHexString(),
    version: d.version,
    status: d.status,
    changeNote: d.changeNote ? scrub(d.changeNote) : null,
    publishedAt: d.publishedAt?.toISOString() ?? null,
    changes: describeChanges(item, prev, d, audience),
  }
}
