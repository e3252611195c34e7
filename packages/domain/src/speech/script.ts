import type { DisclosureDto, PresentedTableDto } from '../api/disclosures'
import { OBJECTION_NEXT_STEP } from '../api/questions'
import { SENSITIVE_NUMBER_TYPES } from '../catalog/table-schema'
import type { ColumnType } from '../catalog/table-schema'
import { shanghaiDateOf } from '../schedules/dates'
import { readCount, readDate, readNumber, readNumbersInText, readPeriod, readYuanFromFen } from './numbers'

/**
 * The spoken script of a disclosure (读给我听, `docs/speech.md`): plain Chinese written from the structured public
 * record, not from the page. It reads only what the public view shows unmasked: masked columns and columns of
 * personal numbers are never read, not even masked, and free text loses any masked number.
 */

/**
 * Which script: `summary` (the item page; a long list is summarised), `list` (every public row, 逐户收听), `broadcast`
 * (the village loudspeaker, 村村通广播: every row, with a spoken opening and closing).
 */
export type SpeechPart = 'summary' | 'list' | 'broadcast'

/** A list of at most this many rows is read row by row in the summary; a longer one is summarised. */
export const SPEECH_SUMMARY_MAX_ROWS = 10

/** The most rows read out in a list or broadcast; the rest are left to the page (a script is synthesised at once). */
export const SPEECH_LIST_MAX_ROWS = 300

/** The most characters of the body read out; the rest is left to the page. */
export const SPEECH_BODY_MAX_CHARS = 400

/** A written script. */
export interface SpeechScript {
  part: SpeechPart
  /** What the synthesiser reads. */
  text: string
  /** Whether the table has rows the summary did not read one by one (then the `list` part is worth offering). */
  hasList: boolean
}

/** Options of writeSpeechScript. */
export interface SpeechScriptOptions {
  part: SpeechPart
  /** Today in Asia/Shanghai (YYYY-MM-DD): dates of this year are read without the year. @default today */
  today?: string
}

// Types never read aloud whatever the view says: a number that identifies a person or household means nothing
// spoken and must not be broadcast.
const NEVER_READ_TYPES: readonly ColumnType[] = [...SENSITIVE_NUMBER_TYPES, 'household_no']

type Column = PresentedTableDto['columns'][number]
type Cell = PresentedTableDto['rows'][number][string]

/** Columns that may be read: shown unmasked in the public view and not a personal number. */
function readableColumns(table: PresentedTableDto): Column[] {
  return table.columns.filter((c) => !c.masked && !NEVER_READ_TYPES.includes(c.type as ColumnType))
}

/**
 * A column label as said aloud: 保障金额（月） → 每月保障金额, 补贴标准（每亩） → 补贴标准每亩, other brackets dropped.
 */
export function spokenLabel(label: string): string {
  const match = /^(.*?)[（(]([^）)]*)[）)]\s*$/.exec(label)
  if (!match) return label.trim()
  const [, head = '', inner = ''] = match
  if (/^[月年季天日]$/.test(inner)) return `每${inner}${head.trim()}`
  if (inner.startsWith('每')) return `${head.trim()}${inner}`
  return head.trim()
}

/** The measure word rows are counted in: households for rosters of households, otherwise entries. */
function rowNoun(table: PresentedTableDto): string {
  const first = table.columns[0]?.label ?? ''
  const perHousehold = table.columns.some((c) => c.key === 'household_size') || /户主|户名/.test(first)
  return perHousehold ? '户' : '条'
}

function readCell(column: Column, value: Cell, today: string): string {
  if (value === null || value === '') return ''
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number') {
    if (column.type === 'amount_fen') return readYuanFromFen(value)
    return column.unit ? readCount(value, column.unit) : readNumber(value)
  }
  if (column.type === 'date') return readDate(value, today)
  return readNumbersInText(value, today)
}

/** One row: the first readable column alone (the name), the others with their label unless a unit says enough. */
function readRow(columns: readonly Column[], row: PresentedTableDto['rows'][number], today: string): string {
  const parts = columns.flatMap((c, i) => {
    const spoken = readCell(c, row[c.key] ?? null, today)
    if (!spoken) return []
    if (i === 0 || (c.unit && typeof row[c.key] === 'number')) return [spoken]
    return [`${spokenLabel(c.label)}${spoken}`]
  })
  return parts.join('，')
}

function readTotals(table: PresentedTableDto, columns: readonly Column[]): string {
  const parts = columns.flatMap((c) => {
    const total = table.totals[c.key]
    if (!c.total || total === undefined) return []
    const spoken =
      c.type === 'amount_fen' ? readYuanFromFen(total) : c.unit ? readCount(total, c.unit) : readNumber(total)
    return [`${spokenLabel(c.label)}合计${spoken}`]
  })
  return parts.length ? `${parts.join('，')}。` : ''
}

function readTable(
  table: PresentedTableDto,
  part: SpeechPart,
  today: string,
): { text: string; hasList: boolean } {
  const columns = readableColumns(table)
  const noun = rowNoun(table)
  const sentences: string[] = []
  const count = table.rows.length
  sentences.push(`${readNumbersInText(table.title)}，共${readCount(count, noun)}。`)
  const totals = readTotals(table, columns)
  if (totals) sentences.push(totals)
  const readAll = part !== 'summary' || count <= SPEECH_SUMMARY_MAX_ROWS
  if (readAll && columns.length) {
    const shown = table.rows.slice(0, SPEECH_LIST_MAX_ROWS)
    shown.forEach((row, i) => {
      const spoken = readRow(columns, row, today)
      if (spoken) sentences.push(`第${readNumber(i + 1)}${noun}，${spoken}。`)
    })
    if (count > shown.length) sentences.push(`其余${readCount(count - shown.length, noun)}请在村务通里查看。`)
  } else if (count > 0) {
    sentences.push('要逐个收听，请点“逐个收听”。')
  }
  if (table.omittedRowCount > 0)
    sentences.push(`另有${readCount(table.omittedRowCount, noun)}涉及未成年人，依法不公开。`)
  return { text: sentences.join(''), hasList: !readAll && count > 0 }
}

/** Cuts free text at a sentence end near the limit. */
function cutText(text: string, max: number): { text: string; cut: boolean } {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) return { text: flat, cut: false }
  const head = flat.slice(0, max)
  const end = Math.max(head.lastIndexOf('。'), head.lastIndexOf('；'), head.lastIndexOf('！'))
  return { text: end > max / 2 ? head.slice(0, end + 1) : `${head}……`, cut: true }
}

function sentence(text: string): string {
  const t = text.trim()
  if (!t) return ''
  return /[。！？；…]$/.test(t) ? t : `${t}。`
}

/**
 * Writes the spoken script of a public disclosure (the privacy presenter's public output): what it is, which village
 * and period, the body (shortened), the figures, the table (short lists row by row; long lists summarised with their
 * count and totals), the alignment badge when the list differs from the government's, the notice period and how to
 * object.
 */
export function writeSpeechScript(d: DisclosureDto, options: SpeechScriptOptions): SpeechScript {
  const today = options.today ?? shanghaiDateOf(Date.now())
  const text = (s: string) => readNumbersInText(s, today)
  const out: string[] = []
  if (options.part === 'broadcast') out.push(`各位村民请注意，现在播送${d.regionName ?? '本村'}的村务公开。`)

  if (d.status === 'retracted') {
    out.push(sentence(`${text(d.title)}，这条公示已经撤回`))
    if (d.retractReason) out.push(sentence(`撤回原因：${text(d.retractReason)}`))
    return { part: options.part, text: out.join(''), hasList: false }
  }
  if (d.status === 'superseded') {
    const by = d.alignment.supersededBy
    out.push(by ? `这是旧版本，已经被第${readNumber(by.version)}版取代。` : '这是旧版本，已经被新版本取代。')
  }

  const title = text(d.title)
  const village = d.regionName && !d.title.includes(d.regionName) ? `${d.regionName}，` : ''
  out.push(sentence(`${village}${title}`))
  out.push(
    sentence(
      `这是${d.catalogItemName}，${readPeriod(d.period)}${d.version > 1 ? `，第${readNumber(d.version)}版` : ''}`,
    ),
  )
  if (d.version > 1 && d.changeNote) out.push(sentence(`本版更改：${text(d.changeNote)}`))

  if (d.body) {
    const body = cutText(text(d.body), SPEECH_BODY_MAX_CHARS)
    out.push(sentence(body.text))
    if (body.cut) out.push('其余内容请在村务通里查看。')
  }

  for (const f of d.figures) {
    const unit = f.unit ? text(f.unit).replace(/\//g, '每') : ''
    const value = typeof f.value === 'number' ? readNumber(f.value) : text(f.value)
    out.push(sentence(`${text(f.name)}：${value}${unit}`))
  }

  let hasList = false
  if (d.table) {
    const table = readTable(d.table, options.part, today)
    out.push(table.text)
    hasList = table.hasList
  }

  // Someone who only listens hears what the badge shows: the list differs from the government's (one sentence).
  if (d.alignment.status === 'inconsistent')
    out.push(sentence(`对照政府公开的内容，${text(d.alignment.label).replace(/\s+/g, '')}`))

  const from = d.publishedAt ? shanghaiDateOf(new Date(d.publishedAt)) : null
  const until = d.postingUntil ? shanghaiDateOf(new Date(d.postingUntil)) : null
  if (from && until) out.push(`公示期从${readDate(from, today)}到${readDate(until, today)}。`)
  else if (from) out.push(`公开日期是${readDate(from, today)}。`)
  out.push(`如有异议，${OBJECTION_NEXT_STEP}。`)
  if (options.part === 'broadcast') out.push('以上是本次播送的村务公开，欢迎村民监督。')
  return { part: options.part, text: out.join(''), hasList }
}
