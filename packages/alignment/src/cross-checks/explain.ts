import { findCatalogItem, periodLabel } from '@cunwu/domain'
import type { CrossCheckFacts, CrossCheckMention } from './types'

/**
 * Explanations of findings across villages for one viewer (docs/cross-checks.md, 'Visibility and workflow'): the
 * county sees every village's people; a township officer or a village secretary is told only of the people and
 * villages they may see, and of the others only that they are in another village (外村) or township (外乡镇).
 * Names are shown normalised (no spaces or （户主）), and a name that differs between the lists is said.
 */

export const itemName = (id: string): string => findCatalogItem(id)?.name ?? '名单'
const uniq = <T>(values: readonly T[]): T[] => [...new Set(values)]
const townshipOf = (code: string): string => code.slice(0, 9)

/** 外乡镇 when every hidden village lies in another township than the visible ones, else 外村. */
function outsideWord(hidden: readonly string[], visible: readonly string[]): string {
  const towns = new Set(visible.map(townshipOf))
  return hidden.every((c) => !towns.has(townshipOf(c))) ? '外乡镇' : '外村'
}

/** The note on names that differ between the lists, or ''. */
function nameNote(
  shown: readonly CrossCheckMention[],
  hidden: readonly CrossCheckMention[],
  outside: string,
) {
  const names = uniq(shown.map((m) => m.name))
  const parts: string[] = []
  if (names.length > 1) parts.push(`名单上的姓名不一致：${names.join('、')}`)
  if (hidden.some((m) => !names.includes(m.name))) parts.push(`${outside}名单上的姓名与此不同`)
  return parts.length === 0 ? '' : `（${parts.join('；')}）`
}

/** Renders facts for a viewer who sees the villages `visible` accepts. */
export function renderFacts(
  facts: CrossCheckFacts,
  visible: (villageCode: string) => boolean,
  village: (code: string) => string,
): string {
  const shown = facts.mentions.filter((m) => visible(m.villageCode))
  const hidden = facts.mentions.filter((m) => !visible(m.villageCode))
  const outside = outsideWord(
    hidden.map((m) => m.villageCode),
    shown.map((m) => m.villageCode),
  )
  const place = (m: CrossCheckMention | undefined): string =>
    m === undefined ? '' : visible(m.villageCode) ? village(m.villageCode) : outside
  if (facts.kind === 'shared_account') {
    const holders = shown.map((m) => `${village(m.villageCode)}${m.name}`)
    const others = facts.households.filter((c) => !visible(c)).length
    const rest = others > 0 ? `${holders.length > 0 ? '，以及' : ''}${outside}${others}户` : ''
    return `同一个发放账号（尾号${facts.tail}）在${periodLabel(facts.period)}用于${facts.households.length}户：${holders.join('、')}${rest}。`
  }
  const head = shown[0] ?? facts.mentions[0]
  const note = nameNote(shown, hidden, outside)
  const [a, b] = facts.items
  if (b === undefined) {
    const places = uniq(facts.mentions.map(place))
    return `身份证号尾号${facts.tail}的${head?.name ?? ''}同时列在${places.join('、')}${periodLabel(facts.period)}的${itemName(a ?? '')}上${note}。`
  }
  const onA = facts.mentions.find((m) => m.catalogItemId === a)
  const onB = facts.mentions.find((m) => m.catalogItemId === b)
  return `身份证号尾号${facts.tail}的${head?.name ?? ''}在${periodLabel(facts.period)}同时列在${place(onA)}的${itemName(a ?? '')}和${place(onB)}的${itemName(b)}上，两者不能同时享受${note}。`
}

/**
 * A finding's explanation for a viewer, written from its facts when it has them (so a finding stored before a wording
 * change reads as new ones do); without facts, the stored one when the viewer sees all its villages, else only that
 * other villages' lists are involved.
 */
export function explainFor(
  finding: { explanation: string; villageCodes: readonly string[]; facts?: CrossCheckFacts | null },
  visible: (villageCode: string) => boolean,
  village: (code: string) => string,
): string {
  if (finding.facts) return renderFacts(finding.facts, visible, village)
  if (finding.villageCodes.every(visible)) return finding.explanation
  const shown = finding.villageCodes.filter(visible)
  const outside = outsideWord(
    finding.villageCodes.filter((c) => !visible(c)),
    shown,
  )
  return `这条核查结果涉及${outside}的名单，请查看${shown.map(village).join('、')}的名单行。`
}
