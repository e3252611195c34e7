import type { AlignmentStatus } from '../api/alignment'
import { levelOfCode } from '../regions'
import { toShanghaiDate } from '../schedules'
import type { DifferenceSummary } from './differences'
import { differenceWording } from './differences'

/** The badge villagers see on a disclosure for its alignment with the government's publication. */
export interface AlignmentBadge {
  status: AlignmentStatus
  label: string
}

/** The parts of a stored alignment the badge and the effective status are read from. */
export interface AlignmentBadgeInput {
  /** The comparison's own status; `verified` comes only from `verification`. */
  status: Exclude<AlignmentStatus, 'verified'>
  /**
   * The township's or county's confirmation or resolution of the current comparison, if any (`level`: whose office
   * acted; absent on verifications stored before it was kept, which were read as the township's).
   */
  verification: {
    action: 'confirmed' | 'resolved'
    name: string
    at: Date
    level?: 'township' | 'county' | undefined
  } | null
  /** The region of the government side (township or county), null when it is missing. */
  governmentRegionCode: string | null
  /** Discrepancy records; 0 with `inconsistent` when the count is withheld (the label then says 存在差异). */
  discrepancyCount: number
  /**
   * The differences counted as villagers count them (`summarizeDifferences`), stored with the alignment; absent on
   * alignments stored before it existed, which keep the record count until recomputed.
   */
  differences?: DifferenceSummary | null
}

/** Who published the government side, as villagers say it. */
export function governmentSourceOf(regionCode: string): string {
  return levelOfCode(regionCode) === 'county' ? '县' : '乡镇'
}

/**
 * The township or county office as a sentence names it (乡镇退回了…, 县里已审核通过…, 与县里公开不一致): 乡镇 or 县里,
 * by the level of the region code (`governmentSourceOf`).
 */
export function officeOf(regionCode: string): '乡镇' | '县里' {
  return governmentSourceOf(regionCode) === '县' ? '县里' : '乡镇'
}

/** The effective status: `verified` once the township confirmed or resolved the current comparison. */
export function effectiveStatus(a: Pick<AlignmentBadgeInput, 'status' | 'verification'>): AlignmentStatus {
  return a.verification ? 'verified' : a.status
}

/** The badge villagers see on a disclosure for its alignment (plain, short Chinese; no personal data). */
export function badgeOf(a: AlignmentBadgeInput): AlignmentBadge {
  const source = a.governmentRegionCode ? governmentSourceOf(a.governmentRegionCode) : '乡镇/县'
  const v = a.verification
  if (v?.action === 'confirmed')
    return { status: 'verified', label: `与${source}公开一致 · 已核验（${v.name}，${toShanghaiDate(v.at)}）` }
  if (v?.action === 'resolved')
    return {
      status: 'verified',
      label: `已由${v.level === 'county' ? '县' : '乡镇'}核查说明 · 已核验（${v.name}，${toShanghaiDate(v.at)}）`,
    }
  switch (a.status) {
    case 'consistent':
      return { status: 'consistent', label: `与${source}公开一致 · 待乡镇核验` }
    case 'inconsistent':
      return {
        status: 'inconsistent',
        label: a.differences
          ? `${differenceWording(a.differences)}，乡镇核查中`
          : a.discrepancyCount > 0
            ? `存在 ${a.discrepancyCount} 处差异，乡镇核查中`
            : '存在差异，乡镇核查中',
      }
    case 'government_missing':
      return { status: 'government_missing', label: '乡镇/县尚未公开对应内容' }
    case 'village_missing':
      return { status: 'village_missing', label: '本村尚未公开' }
  }
}
