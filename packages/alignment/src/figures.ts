import { redactIfNeeded } from './columns'
import { explainFigure, type Sources } from './explain'
import { normalizeText, normalizeTextKey } from './normalize'
import type { Discrepancy, Figure } from './types'
import { addDecimals, type Decimal, formatDecimal } from './values'

/** A figure value read for comparison: an exact number with its unit, or text. */
interface FigureValue {
  /** Canonical comparison string. */
  canon: string
  /** As shown in the explanation: "650 元/月". */
  display: string
  number: Decimal | null
  unit: string
}

const NUMBER_WITH_UNIT = /^([+-]?\d+(?:\.\d+)?)(.*)$/

function readNumber(text: string): Decimal | null {
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!m) return null
  const fraction = (m[3] ?? '').replace(/0+$/, '')
  const units = Number(`${m[2] ?? ''}${fraction}`)
  if (!Number.isSafeInteger(units)) return null
  return { units: m[1] === '-' ? -units : units, scale: fraction.length }
}

/**
 * Reads a figure: numbers exactly (650 = 650.00), thousands separators and ¥ ignored; text after the number is the
 * unit unless `unit` is given. Units are compared after `normalizeTextKey`; a missing unit on one side is not a
 * difference. Values that are not numbers are compared as normalised text.
 */
export function readFigure(figure: Figure): FigureValue {
  const explicitUnit = figure.unit === undefined ? null : normalizeText(figure.unit)
  let text = typeof figure.value === 'number' ? String(figure.value) : normalizeText(figure.value)
  if (typeof figure.value === 'number' && /e/i.test(text)) text = figure.value.toFixed(10)
  const compact = text.replace(/[\s,]/g, '').replace(/^([+-]?)[¥$]/, '$1')
  const m = NUMBER_WITH_UNIT.exec(compact)
  const number = m ? readNumber(m[1] ?? '') : null
  if (m && number) {
    const unit = explicitUnit ?? normalizeText(m[2] ?? '')
    const shown = formatDecimal(number)
    return {
      canon: `#${shown}`,
      display: unit === '' ? shown : `${shown} ${unit}`,
      number,
      unit,
    }
  }
  const shown = redactIfNeeded(explicitUnit ? `${text} ${explicitUnit}` : text)
  return { canon: `"${normalizeTextKey(text)}`, display: shown, number: null, unit: explicitUnit ?? '' }
}

function sameValue(a: FigureValue, b: FigureValue): boolean {
  if (a.canon !== b.canon) return false
  const ua = normalizeTextKey(a.unit)
  const ub = normalizeTextKey(b.unit)
  return ua === '' || ub === '' || ua === ub
}

interface Group {
  name: string
  values: FigureValue[]
}

function groupFigures(figures: readonly Figure[]): Map<string, Group> {
  const groups = new Map<string, Group>()
  for (const f of figures) {
    const key = normalizeTextKey(f.name)
    const value = readFigure(f)
    const group = groups.get(key)
    if (!group) groups.set(key, { name: normalizeText(f.name), values: [value] })
    else if (!group.values.some((v) => sameValue(v, value))) group.values.push(value)
  }
  for (const g of groups.values())
    g.values.sort((a, b) => (a.canon < b.canon ? -1 : a.canon > b.canon ? 1 : 0))
  return groups
}

function showAll(values: readonly FigureValue[]): string {
  return values.map((v) => v.display).join('、')
}

/**
 * Compares named figures by normalised name. A figure named on one side only is reported (the other value null):
 * the township asked for it on one side and it cannot be checked. Returns discrepancies with their sort keys.
 */
export function compareFigures(
  village: readonly Figure[],
  government: readonly Figure[],
  sources: Sources,
): Array<[Discrepancy, string]> {
  const vg = groupFigures(village)
  const gg = groupFigures(government)
  const keys = [...new Set([...vg.keys(), ...gg.keys()])].sort()
  const out: Array<[Discrepancy, string]> = []
  for (const key of keys) {
    const v = vg.get(key)
    const g = gg.get(key)
    if (
      v &&
      g &&
      v.values.length === g.values.length &&
      v.values.every((x, i) => sameValueAt(x, g.values, i))
    ) {
      continue
    }
    const name = v?.name ?? g?.name ?? key
    const vShown = v ? showAll(v.values) : null
    const gShown = g ? showAll(g.values) : null
    let difference: string | null = null
    let differenceShown: string | null = null
    const [vOnly] = v?.values ?? []
    const [gOnly] = g?.values ?? []
    if (v?.values.length === 1 && g?.values.length === 1 && vOnly?.number && gOnly?.number) {
      const d = addDecimals([gOnly.number, { units: -vOnly.number.units, scale: vOnly.number.scale }])
      difference = formatDecimal(d)
      const unit = gOnly.unit || vOnly.unit
      const abs = formatDecimal({ units: Math.abs(d.units), scale: d.scale })
      differenceShown = unit === '' ? abs : `${abs} ${unit}`
    }
    const d: Discrepancy = {
      kind: 'figure_differs',
      matchedBy: null,
      village: [],
      government: [],
      column: null,
      label: null,
      figure: name,
      villageValue: vShown,
      governmentValue: gShown,
      difference,
      explanation: explainFigure(sources, name, vShown, gShown, differenceShown),
    }
    out.push([d, key])
  }
  return out
}

function sameValueAt(x: FigureValue, others: readonly FigureValue[], i: number): boolean {
  const y = others[i]
  return y !== undefined && sameValue(x, y)
}
