import { z } from 'zod'
import { CatalogDomainSchema, type CatalogDomain, type CatalogItem } from './schema'
import { type TableSchema } from './table-schema'

/**
 * What villagers may read of the catalog. The catalog data carries the researchers' own notes (often English,
 * with links, file references and internal words such as never_public) and their sources; those are for staff.
 * Villagers get only text written for them, in Chinese: this file is the one home of that rule.
 */

// A Latin word (two letters or more), a link, or a reference to a research file. Single letters stay allowed:
// official grades such as C级/D级 (房屋危险性等级) are written that way.
const NOT_FOR_READERS = /[A-Za-z]{2,}|:\/\/|www\.|§/

/** Whether a text is written for villagers: plain Chinese, no English words, links or internal markers. */
export function isReaderText(text: string): boolean {
  return text.trim().length > 0 && !NOT_FOR_READERS.test(text)
}

/**
 * The text with bracketed asides that are not for readers removed (e.g. `（二手资料：pufaku.com/…）`), or
 * undefined when what is left is still not reader text.
 */
export function readerTextOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const cleaned = text.replace(/[（(][^（）()]*[）)]/g, (aside) => (isReaderText(aside) ? aside : '')).trim()
  return isReaderText(cleaned) ? cleaned : undefined
}

const readerList = (list: readonly string[]): string[] =>
  list.flatMap((s) => {
    const t = readerTextOf(s)
    return t === undefined ? [] : [t]
  })

/** A catalog domain as villagers see it: name and counts, without the research coverage note and sources. */
export const CatalogDomainViewSchema = CatalogDomainSchema.omit({ sources: true, coverageNote: true })
export type CatalogDomainView = z.infer<typeof CatalogDomainViewSchema>

/** Said of a table whose columns no rule lists (provenance `designed`) when its research note is not for readers. */
export const DESIGNED_TABLE_NOTE = '有关规定没有列出这张表有哪些列，这些列是按规定的公开内容整理的'

function tableView(table: TableSchema): TableSchema {
  const note = readerTextOf(table.note) ?? (table.provenance === 'designed' ? DESIGNED_TABLE_NOTE : undefined)
  const { note: _tableNote, ...rest } = table
  return {
    ...rest,
    ...(note ? { note } : {}),
    columns: table.columns.map((c) => {
      const { note: _columnNote, ...column } = c
      const columnNote = readerTextOf(c.note)
      return columnNote ? { ...column, note: columnNote } : column
    }),
  }
}

/**
 * The item as villagers see it: the same shape as the catalog item, with every text written for readers, no
 * sources (`[]`: staff read them, titled, from catalogResearchOf), no research notes, and only the notes on
 * unknown elements that are written for readers.
 */
export function presentCatalogItemForReaders(item: CatalogItem): CatalogItem {
  const { notes: _notes, channelNote: _channelNote, ...rest } = item
  const view: CatalogItem = {
    ...rest,
    content: readerList(item.content),
    basis: readerList(item.basis),
    table: item.table ? tableView(item.table) : null,
    schedule: item.schedule ? { ...item.schedule, basis: readerList(item.schedule.basis) } : null,
    unknowns: item.unknowns.filter((u) => isReaderText(u.note)),
    sources: [],
  }
  const channelNote = readerTextOf(item.channelNote)
  if (channelNote) view.channelNote = channelNote
  return view
}

/** The domain as villagers see it (see CatalogDomainViewSchema). */
export function presentCatalogDomainForReaders<T extends CatalogDomain>(
  domain: T,
): Omit<T, 'sources' | 'coverageNote'> {
  const { sources: _sources, coverageNote: _coverageNote, ...rest } = domain
  return rest
}

/** One source of a catalog item, titled, for staff. */
export const CatalogSourceSchema = z.object({
  title: z.string().describe('What the source is (Chinese where known)'),
  url: z.string().nullable().describe('Where to read it; null for printed documents or our own research'),
})
export type CatalogSource = z.infer<typeof CatalogSourceSchema>

/** Sources and research notes of an item: what staff see besides the villagers' view. */
export const CatalogResearchSchema = z.object({
  sources: z.array(CatalogSourceSchema),
  /** Every research note of the item (item, table, columns, unknown elements), labelled by where it belongs. */
  notes: z.array(z.object({ about: z.string(), text: z.string() })),
})
export type CatalogResearch = z.infer<typeof CatalogResearchSchema>

const LAW_REF = /^LawRefBook\/Laws:\s*(.+\/)?([^/]+?)\((\d{4}-\d{2}-\d{2})\)\.md$/
const REPO_REF = /^([\w.-]+\/[\w.-]+):\s*(\S+)$/
const RESEARCH_REF = /^catalog\.md\s*(.*)$/

/**
 * Turns a raw source entry of the catalog data into a titled source: a law text (LawRefBook), a file in a public
 * repository, a web page (titled by its site), the project's own research (docs/catalog.md), or a
 * document named in full.
 */
export function catalogSourceOf(raw: string): CatalogSource {
  const law = LAW_REF.exec(raw)
  if (law) {
    const path = raw.slice(raw.indexOf(':') + 1).trim()
    return {
      title: `${law[2]}（${law[3]}）`,
      url: `https://github.com/LawRefBook/Laws/blob/master/${encodeURI(path)}`,
    }
  }
  const research = RESEARCH_REF.exec(raw)
  if (research) {
    const where = (research[1] ?? '').trim()
    // The research notes live in the repository (docs/catalog.md): no official list was found there.
    return { title: `村务通目录研究 docs/catalog.md${where ? ` ${where}` : ''}`, url: null }
  }
  if (/^https?:\/\//.test(raw)) {
    const host = new URL(raw).hostname.replace(/^www\./, '')
    const kind = /\.gov\.cn$/.test(host) ? '政府网站公开目录页面' : '转载的公开目录页面'
    return { title: `${kind}（${host}）`, url: raw }
  }
  const repo = REPO_REF.exec(raw)
  if (repo?.[1] && repo[2]) {
    return {
      title: `法规政策文本（${repo[1]}：${repo[2]}）`,
      url: `https://github.com/${repo[1]}/blob/master/${encodeURI(repo[2])}`,
    }
  }
  return { title: raw, url: null }
}

const FIELD_LABELS: Record<string, string> = {
  content: '内容',
  basis: '依据',
  timeLimit: '时限',
  subject: '主体',
  method: '方式',
  channels: '渠道',
  audience: '对象',
  levels: '层级',
  schedule: '公开周期',
  table: '表格',
}

/** The item's sources (titled, duplicates removed) and all its research notes, for staff. */
export function catalogResearchOf(item: CatalogItem): CatalogResearch {
  const seen = new Set<string>()
  const sources = item.sources.filter((s) => !seen.has(s) && seen.add(s)).map(catalogSourceOf)
  const notes: CatalogResearch['notes'] = []
  if (item.notes) notes.push({ about: '事项', text: item.notes })
  if (item.table?.note) notes.push({ about: `表格：${item.table.title}`, text: item.table.note })
  for (const c of item.table?.columns ?? []) if (c.note) notes.push({ about: `列：${c.label}`, text: c.note })
  for (const u of item.unknowns) notes.push({ about: FIELD_LABELS[u.field] ?? u.field, text: u.note })
  return { sources, notes }
}
