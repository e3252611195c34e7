import { villageNameIndex } from '@cunwu/tables'
import type { VillageRef } from '@cunwu/tables'
import type { Models } from '../models'
import { regionPrefix } from '../policies/region.policy'

/** Most search scopes whose villages are kept per instance; past it the memory starts over. */
const MAX_SCOPES_KEPT = 1_000

/** Shortest query word read as a village name: one character (村, 区) names no village. */
const MIN_NAME_LENGTH = 2

type NameLookup = (name: string) => VillageRef[]

/**
 * The villages below a search scope by the names people search them by (docs/search.md, "Village names"): the
 * official name (云溪村委会), the name as people say it (云溪村) or the bare name (云溪), read by `villageNameIndex` of
 * `@cunwu/tables`, the rule the spreadsheet import names villages by. A village's name is public (every public view
 * shows it), so a query word naming it finds the village's published items. Read from the regions, not stored with
 * each disclosure, and kept `keepMs` per instance: a renamed village is found by its new name as soon as its items
 * show it (RegionNameMemo keeps names as long).
 */
export class VillageSearchNames {
  private readonly kept = new Map<string, { until: number; lookup: Promise<NameLookup> }>()

  constructor(
    private readonly models: Pick<Models, 'Region'>,
    private readonly keepMs: number,
  ) {}

  /** Each village below `scope` that one of the query's `words` names, with the words naming it. */
  async named(scope: string, words: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>()
    const names = words.filter((w) => [...w].length >= MIN_NAME_LENGTH)
    if (names.length === 0) return out
    const lookup = await this.lookupOf(scope)
    for (const word of names)
      for (const village of lookup(word)) out.set(village.code, [...(out.get(village.code) ?? []), word])
    return out
  }

  /** The name index of the villages below `scope`, read once per `keepMs` (readers at once share the read). */
  private lookupOf(scope: string): Promise<NameLookup> {
    const now = Date.now()
    const hit = this.kept.get(scope)
    if (hit && hit.until > now) return hit.lookup
    const lookup = this.models.Region.find(
      { _id: { $regex: `^${regionPrefix(scope)}` }, level: 'village' },
      { name: 1 },
    )
      .lean()
      .then((list) => villageNameIndex(list.map((r) => ({ code: r._id, name: r.name }))))
    const entry = { until: now + this.keepMs, lookup }
    if (this.kept.size >= MAX_SCOPES_KEPT) this.kept.clear()
    this.kept.set(scope, entry)
    // A failed read is not kept: the next search reads again.
    lookup.catch(() => {
      if (this.kept.get(scope) === entry) this.kept.delete(scope)
    })
    return lookup
  }
}
