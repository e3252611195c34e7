import { villageNameIndex } from '@cunwu/tables'
import type { VillageRef } from '@cunwu/tables'
import type { Models } from '../models'
import { regionPrefix } from '../policies/region.policy'

/** Most search scopes whose villages are kept per instance; past it the memory starts over. */
const MAX_SCOPES_KEPT = 1_000

/** Shortest query word read as a village name: one character (村, 区) names no village. */
const MIN_NAME_LENGTH = 2

type NameLookup = (name: string) => VillageRef[]

/** The pieces the tokenizer cuts a place word's ending into: 枫林村 → 枫林 村, 云溪村委会 → 云溪 村委 委会 村委会. */
const VILLAGE_PIECES = new Set(['村', '村委', '村委会'])
const COMMUNITY_PIECES = new Set(['社区', '居委', '居委会'])
const COMMITTEE_PIECES = new Set(['委会', '委员', '委员会'])
const isPiece = (t: string) => VILLAGE_PIECES.has(t) || COMMUNITY_PIECES.has(t) || COMMITTEE_PIECES.has(t)

/** A word of the query: one token, or a place word (枫林村, 云溪社区) made of a name and the pieces of its ending. */
interface QueryWord {
  text: string
  /** The query's tokens it was cut into (itself for a plain token). */
  tokens: string[]
  place: boolean
  /** A place word's ending as people say it (村, 社区); '' for a plain token. */
  ending: string
}

/**
 * The query's tokens read back as words: a name of two or more characters followed by the pieces of a 村 or 社区
 * ending (枫林 村, 云溪 社区 居委 委会 居委会) is one place word (枫林村, 云溪社区); every other token is a word of its own.
 */
export function queryWordsOf(tokens: readonly string[]): QueryWord[] {
  const out: QueryWord[] = []
  for (let i = 0; i < tokens.length; i += 1) {
    const name = tokens[i] ?? ''
    const next = tokens[i + 1] ?? ''
    const ending = VILLAGE_PIECES.has(next) ? '村' : COMMUNITY_PIECES.has(next) ? '社区' : null
    if (ending === null || [...name].length < MIN_NAME_LENGTH || isPiece(name)) {
      out.push({ text: name, tokens: [name], place: false, ending: '' })
      continue
    }
    let end = i + 1
    while (end + 1 < tokens.length && isPiece(tokens[end + 1] ?? '')) end += 1
    out.push({ text: `${name}${ending}`, tokens: tokens.slice(i, end + 1), place: true, ending })
    i = end
  }
  return out
}

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

  /**
   * Each village below `scope` that a word of the query's `tokens` names, with the words naming it, and the words
   * the query matches as ordinary words (`words`: also the ranking's terms). A word naming a village is matched as
   * its name, not also by its pieces: 枫林村 (cut into 枫林 and 村) never finds another village's 村集体收入 by 村. A place
   * word naming none of the villages (云溪社区 where there is only 云溪村委会, 石门村, 农村社区) is never read by its bare
   * name: it matches as the word itself, its name (石门, 农村) and a 社区 ending (农村社区 finds text about 社区), never
   * by the one-character 村 nor as the village of that bare name.
   */
  async named(
    scope: string,
    tokens: readonly string[],
  ): Promise<{ villages: Map<string, string[]>; words: string[] }> {
    const villages = new Map<string, string[]>()
    const words = new Set<string>()
    const queryWords = queryWordsOf(tokens)
    const lookup = queryWords.some((w) => [...w.text].length >= MIN_NAME_LENGTH)
      ? await this.lookupOf(scope)
      : () => []
    for (const word of queryWords) {
      const found = [...word.text].length >= MIN_NAME_LENGTH ? lookup(word.text) : []
      for (const village of found)
        villages.set(village.code, [...(villages.get(village.code) ?? []), word.text])
      words.add(word.text)
      if (!word.place || found.length > 0) continue
      words.add(word.tokens[0] ?? word.text)
      // 社区 is a word of its own (农村社区 is about 社区); the one-character 村 is in every village's text.
      if ([...word.ending].length >= MIN_NAME_LENGTH) words.add(word.ending)
    }
    return { villages, words: [...words] }
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
