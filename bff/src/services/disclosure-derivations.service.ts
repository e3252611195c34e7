import type { CatalogItem, RowSource, TableRow } from '@cunwu/domain'
import {
  ErrorCode,
  findCatalogItem,
  findRosterMismatches,
  householdKeysOf,
  indexRoster,
  listCatalogDomains,
  postingWindow,
  postingWindowEnd,
  tableTotals,
  validateTableRows,
} from '@cunwu/domain'
import { AppError } from '../errors'
import { getWorkingCalendar } from '../lib/calendar/working-calendar'
import type { Models } from '../models'

/**
 * Version of the rules deriving a disclosure's search tokens and household keys. Bump it when they change: upkeep
 * (`reindexStale`) then re-derives every document written before. 2: tokens of the scrubbed text only, household keys
 * in the domain's normal forms. 3: spaces between Chinese characters dropped before segmenting (`normalizeForSearch`),
 * as queries are read.
 */
export const DISCLOSURE_INDEX_VERSION = 3

/** Builds the search token fields of a disclosure's text (the search library's `buildSearchIndexFields`). */
export type SearchFieldsOf = (doc: { title: string; body: string; categories: string[] }) => {
  searchTokens: string[]
  titleTokens: string[]
  bodyTokens: string[]
  categoryTokens: string[]
}

/**
 * Table rows checked against the catalog item's schema (422 with row and column details), or null for no table.
 * `sources`: the spreadsheet row each row came from, when imported, so the errors name the rows the file shows.
 */
export function checkTableRows(
  item: CatalogItem,
  rows: unknown[] | null,
  sources?: readonly RowSource[],
): TableRow[] | null {
  if (rows === null) return null
  if (!item.table) throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能填写表格数据')
  const result = validateTableRows(item.table, rows)
  if (!result.ok) {
    const errors = result.errors.map((e) => ({ ...e, row: sources?.[e.row - 1]?.row ?? e.row }))
    throw new AppError(
      422,
      ErrorCode.TableRowsInvalid,
      `表格有 ${result.errorCount} 处错误，请修改后再保存`,
      true,
      { errors, errorCount: result.errorCount },
    )
  }
  return result.rows
}

function domainName(domainId: string): string {
  return listCatalogDomains().find((d) => d.id === domainId)?.name ?? ''
}

/**
 * What a disclosure's stored content implies, kept with it: totals, household keys (与我相关), search tokens, rows that
 * contradict the village roster, and the posting window; and the upkeep that re-derives documents written under older
 * rules.
 */
export class DisclosureDerivations {
  constructor(
    private readonly deps: {
      models: Pick<Models, 'Disclosure' | 'Household'>
      searchFields?: SearchFieldsOf
    },
  ) {}

  /** Fields derived from the content, written with it on every save. */
  derived(item: CatalogItem, title: string, body: string, rows: TableRow[] | null) {
    const categories = [item.name, item.level1, item.level2 ?? '', domainName(item.domainId)].filter(Boolean)
    return {
      totals: item.table && rows ? tableTotals(item.table, rows) : null,
      householdKeys: householdKeysOf(item.table ?? null, rows),
      indexVersion: DISCLOSURE_INDEX_VERSION,
      ...(this.deps.searchFields ? this.deps.searchFields({ title, body, categories }) : {}),
    }
  }

  /** Rows whose name contradicts the village roster for their 户号, as the secretary reads them. */
  async rosterMismatchesOf(
    villageCode: string,
    item: CatalogItem,
    rows: TableRow[] | null,
    /** The spreadsheet row (and sheet) of each row, when they were just imported. */
    sources?: readonly RowSource[],
  ): Promise<string[]> {
    if (!item.table || !rows || rows.length === 0) return []
    const roster = await this.deps.models.Household.find(
      { villageCode },
      { householdNo: 1, headName: 1, memberNames: 1 },
    ).lean()
    return findRosterMismatches(item.table, rows, indexRoster(roster), sources).map((m) => m.message)
  }

  /** The posting window of a disclosure published now (docs/posting-window.md); rosters leave the feed after it. */
  postingDates(item: CatalogItem, publishedAt: Date): { postingUntil: Date; hideAfter: Date | null } {
    const postingUntil = postingWindowEnd(postingWindow(item, publishedAt, getWorkingCalendar()))
    return { postingUntil, hideAfter: item.table?.kind === 'roster' ? postingUntil : null }
  }

  /**
   * Re-derives search tokens and household keys of up to `limit` documents written under older rules (a number
   * typed into a body was once indexed as typed); returns how many were updated. Each is written only while nothing
   * was written to it since the read (its `writes`): a draft edited between the read and the write would otherwise get
   * the tokens of its old text with the current index version, and keep them. Such a document is skipped; an edit
   * derives its own fields, and anything else that changed it leaves it for the next pass. The write sets only index
   * fields, so it leaves `revision` as it was: a reviewer's or editor's page is not made stale by it.
   */
  async reindexStale(limit = 500): Promise<number> {
    const stale = await this.deps.models.Disclosure.find(
      { indexVersion: { $ne: DISCLOSURE_INDEX_VERSION } },
      { title: 1, body: 1, rows: 1, catalogItemId: 1, writes: 1 },
    )
      .limit(limit)
      .lean()
    let updated = 0
    for (const d of stale) {
      const item = findCatalogItem(d.catalogItemId)
      let fields: object = { indexVersion: DISCLOSURE_INDEX_VERSION }
      if (item) {
        const { totals: _totals, ...derived } = this.derived(item, d.title, d.body, d.rows)
        fields = derived
      }
      const written = await this.deps.models.Disclosure.updateOne(
        { _id: d._id, writes: d.writes ?? null },
        { $set: fields },
        // Nothing a person reads changed: `updatedAt` stays the time of the last edit.
        { timestamps: false },
      )
      updated += written.modifiedCount
    }
    return updated
  }
}
