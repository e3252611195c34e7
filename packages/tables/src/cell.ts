import type { CellValue } from 'exceljs'
import { stripInvisible } from '@cunwu/domain'

/**
 * Rendering of exceljs cell values to the trimmed strings the importer validates. The aim is to show what the
 * secretary sees in Excel, minus formatting: numbers without float noise, dates as YYYY-MM-DD.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

// Excel keeps 15 significant digits: a longer integer in a numeric cell (an ID or bank account typed without
// a text format) has already lost its last digits, so it is shown like Excel's General format does.
const LOSSY_INTEGER = 1e15

/** Renders a number the way Excel's General format would, without binary float noise (0.1+0.2 → 0.3). */
export function renderNumber(n: number): string {
  if (!Number.isFinite(n)) return ''
  if (Math.abs(n) >= LOSSY_INTEGER) {
    const [mantissa = '', exponent = ''] = n.toExponential(14).split('e')
    const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa
    return `${trimmed}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`
  }
  if (Number.isInteger(n)) return String(n)
  return String(Number(n.toPrecision(15)))
}

/**
 * Renders an Excel date. Excel serials carry no time zone: they are the wall clock of whoever typed them (here
 * Asia/Shanghai), and exceljs decodes them as that wall clock in UTC. Reading the UTC fields therefore gives the
 * Shanghai calendar date; converting to Asia/Shanghai would wrongly add 8 hours.
 */
export function renderDate(d: Date): string {
  const ms = d.getTime()
  if (Number.isNaN(ms)) return ''
  // Serials are floats; round to the second so 23:59:59.9996 does not fall on the previous day.
  const t = new Date(Math.round(ms / 1000) * 1000)
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
  const h = t.getUTCHours()
  const m = t.getUTCMinutes()
  const s = t.getUTCSeconds()
  const time = `${pad(h)}:${pad(m)}${s === 0 ? '' : `:${pad(s)}`}`
  // Serial 0 is 1899-12-30: a cell that holds only a time of day.
  if (date === '1899-12-30') return time
  return h === 0 && m === 0 && s === 0 ? date : `${date} ${time}`
}

/** What a formula cell whose result is an Excel error (#DIV/0!, #N/A…) reads as. */
export const FORMULA_ERROR = '#公式错误'

function renderRichText(parts: readonly { text: string }[]): string {
  return parts.map((p) => p.text).join('')
}

/**
 * Trims a cell string (full-width and no-break spaces too) and removes the characters that show nothing
 * (`stripInvisible`, the one list in @cunwu/domain), so a cell reads as the secretary sees it in Excel.
 */
export function cleanText(s: string): string {
  return stripInvisible(s).trim()
}

/** Renders any exceljs cell value (rich text, hyperlink, formula result, error, date…) to a trimmed string. */
export function renderCellValue(value: CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return cleanText(value)
  if (typeof value === 'number') return renderNumber(value)
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return renderDate(value)
  if ('richText' in value) return cleanText(renderRichText(value.richText))
  if ('hyperlink' in value) {
    const text: unknown = value.text
    if (typeof text === 'string') return cleanText(text)
    if (typeof text === 'object' && text !== null && 'richText' in text && Array.isArray(text.richText)) {
      return cleanText(renderRichText(text.richText))
    }
    return cleanText(value.hyperlink)
  }
  if ('error' in value) return value.error
  // Formulas (plain, shared, array): the importer uses the cached result Excel saved; no recalculation.
  if ('result' in value) {
    const result: unknown = value.result
    if (result === undefined || result === null) return ''
    if (typeof result === 'object' && 'error' in result && typeof result.error === 'string')
      return result.error
    if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean') {
      return renderCellValue(result)
    }
    if (result instanceof Date) return renderDate(result)
    return ''
  }
  // A formula without a cached result. Excel and WPS always save one, and exceljs's streaming reader drops a
  // result that is an Excel error (<v>#DIV/0!</v> parsed as a number); reading it as blank would let an optional
  // column silently lose the cell.
  if ('formula' in value || 'sharedFormula' in value) return FORMULA_ERROR
  return ''
}
