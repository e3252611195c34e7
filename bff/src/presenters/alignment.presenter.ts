import type { AlignmentDto, CatalogItem, Column, DiscrepancyDto, HouseholdAlignmentDto } from '@cunwu/domain'
import { badgeOf, effectiveStatus, levelOfCode, redactSensitiveNumbers } from '@cunwu/domain'
import type { Alignment } from '../models/Alignment.model'
import { publicComparisonOf } from '../models/Alignment.model'
import type { GovernmentItem } from '../models/GovernmentItem.model'
import type { HouseholdAlignmentView } from '../models/household-alignment-views'

/**
 * Presents what a household is told of the government list's differences on its own rows (its 对照 page and
 * 与我相关), and of its rows only on the government's list: values stay masked as the comparison stored or shows
 * them, and every text is scrubbed like the public's.
 */
export function presentHouseholdAlignment(view: HouseholdAlignmentView): HouseholdAlignmentDto {
  const text = (s: string | null) => (s === null ? null : redactSensitiveNumbers(s))
  const value = <V extends string | number | null>(v: V) =>
    (typeof v === 'string' ? redactSensitiveNumbers(v) : v) as V
  const column = (c: Column) => ({
    key: c.key,
    label: c.label,
    type: c.type,
    ...(c.unit ? { unit: c.unit } : {}),
  })
  return {
    office: view.office,
    officeName: view.officeName,
    checkedBy: view.checkedBy,
    state: view.state,
    note: text(view.note),
    discrepancies: view.discrepancies.map((d) => ({
      kind: d.kind,
      row: d.row,
      name: text(d.name),
      column: d.column ? column(d.column) : null,
      village: value(d.village),
      government: value(d.government),
    })),
    onlyInGovernment: view.onlyInGovernment.map((r) => ({
      name: text(r.name),
      cells: r.cells.map((c) => ({ column: column(c.column), value: value(c.value) })),
    })),
  }
}

/** Kinds safe for the public: table-level (headcount, totals, named figures), never naming a household. */
const PUBLIC_KINDS = new Set<DiscrepancyDto['kind']>(['total_differs', 'figure_differs'])

/**
 * Presents an alignment. Row-level discrepancies name households and 户号 (a never-public column), so the public
 * view keeps only the table-level ones and counts the rest; staff see every discrepancy. The public view's figures,
 * counts and label are those of the comparison over the rows the public is shown (`publicComparisonOf`).
 */
export function presentAlignment(
  a: Alignment,
  item: CatalogItem,
  options: {
    audience: 'public' | 'staff'
    villageName?: string
    government?: Pick<GovernmentItem, '_id' | 'version' | 'regionCode' | 'title'> | null
    governmentRegionName?: string
    /** A signed-in household's own rows' differences (public audience only; docs/households.md). */
    household?: HouseholdAlignmentView | null
  },
): AlignmentDto {
  // The public's figures are over the rows the public sees: a total or count over hidden rows (about minors) less the
  // public table's would give those rows away (docs/catalog.md, section 3). Staff see the full comparison.
  const pub = options.audience === 'public' ? publicComparisonOf(a) : null
  const result = pub ? pub.result : a.result
  const all: DiscrepancyDto[] = (result?.discrepancies ?? []).map((d) => ({
    kind: d.kind,
    column: d.column,
    label: d.label,
    figure: d.figure,
    village: d.village,
    government: d.government,
    villageValue: d.villageValue,
    governmentValue: d.governmentValue,
    difference: d.difference,
    explanation: d.explanation,
  }))
  // Public discrepancies are table-level, but their labels and explanations quote what staff typed.
  const shown =
    options.audience === 'staff'
      ? all
      : all
          .filter((d) => PUBLIC_KINDS.has(d.kind))
          .map((d) => ({
            ...d,
            label: d.label === null ? null : redactSensitiveNumbers(d.label),
            figure: d.figure === null ? null : redactSensitiveNumbers(d.figure),
            explanation: redactSensitiveNumbers(d.explanation),
            villageValue:
              typeof d.villageValue === 'string' ? redactSensitiveNumbers(d.villageValue) : d.villageValue,
            governmentValue:
              typeof d.governmentValue === 'string'
                ? redactSensitiveNumbers(d.governmentValue)
                : d.governmentValue,
          }))
  const g = options.government ?? null
  const level = g ? levelOfCode(g.regionCode) : null
  const action = (x: Alignment['correction']) =>
    x
      ? {
          by: x.name,
          at: x.at.toISOString(),
          text:
            x.text === null ? null : options.audience === 'staff' ? x.text : redactSensitiveNumbers(x.text),
        }
      : null
  return {
    id: a._id.toHexString(),
    villageCode: a.villageCode,
    ...(options.villageName ? { villageName: options.villageName } : {}),
    catalogItemId: a.catalogItemId,
    catalogItemName: item.name,
    period: a.period,
    status: effectiveStatus(pub ? { ...a, status: pub.status } : a),
    label: badgeOf(pub ? { ...a, ...pub } : a).label,
    disclosure:
      a.disclosureId && a.disclosureVersion !== null
        ? { id: a.disclosureId.toHexString(), version: a.disclosureVersion }
        : null,
    government:
      g && (level === 'township' || level === 'county')
        ? {
            id: g._id.toHexString(),
            version: g.version,
            regionCode: g.regionCode,
            ...(options.governmentRegionName ? { regionName: options.governmentRegionName } : {}),
            level,
            title: options.audience === 'staff' ? g.title : redactSensitiveNumbers(g.title),
            url: `/api/v1/government-items/${g._id.toHexString()}?village=${a.villageCode}`,
          }
        : null,
    fingerprint: a.fingerprint,
    revision: a.revision,
    summary: result
      ? {
          villageRows: result.summary.villageRows,
          governmentRows: result.summary.governmentRows,
          matched: result.summary.matched,
          discrepancies: result.discrepancies.length,
        }
      : null,
    discrepancies: shown,
    hiddenDiscrepancies: all.length - shown.length,
    ...(options.audience === 'public' && options.household
      ? { household: presentHouseholdAlignment(options.household) }
      : {}),
    verification: a.verification
      ? {
          ...action(a.verification),
          by: a.verification.name,
          at: a.verification.at.toISOString(),
          text: action(a.verification)?.text ?? null,
          action: a.verification.action,
        }
      : null,
    correction: action(a.correction),
    computedAt: a.computedAt.toISOString(),
  }
}
