// The disclosure editor's form values and the public preview of its table (pure: no Taro, no requests).
import {
  mayPublishInPlace,
  PeriodKeySchema,
  periodNotYetPublishable,
  presentTableRows,
  tableTotals,
  type CatalogItem,
  type DisclosureDto,
  type TableSchema,
} from '@cunwu/domain'
import { periodLabel, periodOptions, todayInChina } from '@/utils/period'
import { figureRowsOf, figuresOf, type FigureRow } from '../components/figures-editor'
import type { EditableRow } from '../components/table-editor'

/**
 * Whether a new draft of `item` may be made for `period`: by a village of its own, any period; in the place of a
 * village merged into the secretary's (`retiredOn`, its retirement date; ../merged), only what that village still
 * owes (`mayPublishInPlace`; the server refuses any other with 422 village_retired).
 */
function allowedHere(item: CatalogItem, period: string, retiredOn: string | undefined): boolean {
  if (retiredOn === undefined) return true
  return (
    PeriodKeySchema.safeParse(period).success && mayPublishInPlace(item.schedule?.cadence, period, retiredOn)
  )
}

/**
 * The item's recent periods that may be published today (docs/catalog.md, "When a period may be published": a month's
 * accounts once it is over, other periods once they began), newest first; in a merged village's place, only those
 * it still owes.
 */
function openPeriods(item: CatalogItem, retiredOn?: string): { key: string; label: string }[] {
  const today = todayInChina()
  return periodOptions(item.schedule?.cadence, today).filter(
    (p) => !periodNotYetPublishable(item, p.key, today) && allowedHere(item, p.key, retiredOn),
  )
}

/** What the editor holds while the secretary types, before it is saved. */
export interface Form {
  title: string
  period: string
  body: string
  qa: { q: string; a: string }[]
  figures: FigureRow[]
  rows: EditableRow[]
}

/**
 * The editor's starting values: the disclosure's, or a new one's for the period asked for (an overdue item opened
 * from the schedule) or else the item's current period; in a merged village's place (`retiredOn`), the period asked
 * for only if that village still owes it, else the latest it owes ('' when it owes none of this item).
 */
export function formOf(
  item: CatalogItem,
  d: DisclosureDto | null,
  period0?: string,
  retiredOn?: string,
): Form {
  const asked = period0 !== undefined && allowedHere(item, period0, retiredOn) ? period0 : undefined
  const period = d?.period ?? asked ?? openPeriods(item, retiredOn)[0]?.key ?? ''
  return {
    title: d?.title ?? `${periodLabel(period)}${item.name}`,
    period,
    body: d?.body ?? '',
    qa: d?.interpretation?.qa ?? [],
    figures: figureRowsOf(d?.figures ?? []),
    rows: d?.table?.rows ?? [],
  }
}

/**
 * The form's text fields as the API takes them. A chart set elsewhere (e.g. the finance statement drafted from the
 * ledger) is kept even without Q&A.
 */
export function fieldsOf(form: Form, d: DisclosureDto | null) {
  const keptChart = d?.interpretation?.chart ?? null
  return {
    title: form.title.trim(),
    body: form.body.trim(),
    interpretation: form.qa.length > 0 || keptChart ? { qa: form.qa, chart: keptChart } : null,
    figures: figuresOf(form.figures),
  }
}

/**
 * What saving `d` sends of the editor's fields: all of them, or for a decision's 决议公开 (`generatedFromDecision`)
 * only what may be added, the interpretation and the figures: its title, text and table are the meeting's record,
 * which the BFF keeps as drafted.
 */
export function savedFields<T extends { interpretation: unknown; figures: unknown }>(
  all: T,
  d: DisclosureDto,
): T | Pick<T, 'interpretation' | 'figures'> {
  return d.generatedFromDecision ? { interpretation: all.interpretation, figures: all.figures } : all
}

/**
 * The revision of the draft as this page read it, sent back with a save or a submit so that a draft someone else
 * saved since is refused (409 disclosure_stale) instead of overwritten; nothing for a page without one.
 */
export function revisionOf(d: DisclosureDto | null): { revision?: number } {
  return d?.revision === undefined ? {} : { revision: d.revision }
}

/** The public view of rows as villagers will see it, by the same presenter the server uses. */
export function publicPreview(schema: TableSchema, rows: EditableRow[]) {
  const presented = presentTableRows(schema, rows, { audience: 'public' })
  return {
    title: schema.title,
    columns: presented.columns,
    rows: presented.rows,
    totals: tableTotals(schema, presented.rows),
    rowCount: presented.rows.length,
    omittedRowCount: presented.omittedRowCount,
  }
}

/**
 * The periods the editor offers for an item, newest first: the last six by cadence, and the period asked for (an
 * overdue one from the schedule may be older) when it is not among them; in a merged village's place (`retiredOn`),
 * only periods that village still owes.
 */
export function periodChoices(
  item: CatalogItem,
  wanted: string | undefined,
  retiredOn?: string,
): { key: string; label: string }[] {
  const recent = openPeriods(item, retiredOn).slice(0, 6)
  if (!wanted || recent.some((p) => p.key === wanted) || !allowedHere(item, wanted, retiredOn)) return recent
  return [{ key: wanted, label: periodLabel(wanted) }, ...recent]
}
