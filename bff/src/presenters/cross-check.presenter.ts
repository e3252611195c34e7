import { explainFor } from '@cunwu/alignment'
import { CROSS_CHECK_KIND_LABELS } from '@cunwu/domain'
import type { CrossCheckFindingDto, CrossCheckRunDto } from '@cunwu/domain'
import { revisionOf } from '../lib/revision'
import type { CrossCheckFinding, CrossCheckStep } from '../models/CrossCheckFinding.model'
import type { CrossCheckRun } from '../models/CrossCheckRun.model'
import type { FindingDetails } from '../models/cross-check-views'

type Cell = string | number | boolean | null

/** What a township officer reads of another township: never a name, code or count (docs/cross-checks.md). */
export const ELSEWHERE = '外乡镇'

/**
 * A step as the viewer sees it: whole, unless taken by an officer of other regions only (another township's
 * confirmation), whose name and words may name that township's villages and people.
 */
const stepDto = (s: CrossCheckStep | null, details: FindingDetails) => {
  if (!s) return null
  if (!details.stepShown(s.userId.toHexString()))
    return { name: `${ELSEWHERE}工作人员`, at: s.at.toISOString(), text: null }
  return { name: s.name, at: s.at.toISOString(), text: s.text }
}

function cellsOf(row: Record<string, unknown> | undefined): Record<string, Cell> {
  const out: Record<string, Cell> = {}
  for (const [k, v] of Object.entries(row ?? {})) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
  }
  return out
}

/**
 * A finding for township or county staff: the viewer's villages in it, its rows there only, an explanation that
 * names only the people of those villages, and of the rest only that there is some (`elsewhere`, 外乡镇): a township
 * officer learns no other township's village, code, count or row from any field. Staff only: no public response
 * carries a finding.
 */
export function presentCrossCheckFinding(
  f: CrossCheckFinding,
  details: FindingDetails,
): CrossCheckFindingDto {
  return {
    id: f._id.toHexString(),
    kind: f.kind,
    kindLabel: CROSS_CHECK_KIND_LABELS[f.kind],
    catalogItemId: f.catalogItemId,
    period: f.period,
    villages: f.villageCodes
      .filter((code) => details.visible(code))
      .map((code) => ({ code, name: details.names.get(code) ?? code })),
    elsewhere: f.villageCodes.some((code) => !details.visible(code)),
    rows: f.rows
      .filter((r) => details.visible(r.villageCode))
      .map((r) => {
        const disclosureId = r.disclosureId.toHexString()
        return {
          villageCode: r.villageCode,
          villageName: details.names.get(r.villageCode) ?? r.villageCode,
          catalogItemId: r.catalogItemId,
          disclosureId,
          rowIndex: r.rowIndex,
          cells: cellsOf(details.rows.get(disclosureId)?.[r.rowIndex] as Record<string, unknown> | undefined),
        }
      }),
    explanation: explainFor(f, details.visible, (code) => details.names.get(code) ?? code),
    status: f.status,
    confirmation: stepDto(f.confirmation, details),
    resolution: stepDto(f.resolution, details),
    closedReason: f.closedReason,
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    revision: revisionOf(f),
    canResolve: f.villageCodes.every((code) => details.visible(code)),
  }
}

export function presentCrossCheckRun(r: CrossCheckRun): CrossCheckRunDto {
  return {
    id: r._id.toHexString(),
    regionCode: r.regionCode,
    catalogItemId: r.catalogItemId,
    period: r.period,
    status: r.status,
    progress: { lists: r.progress.lists, listsChecked: r.progress.listsChecked },
    counts: { found: r.counts.found, opened: r.counts.opened, closed: r.counts.closed },
    error: r.error,
  }
}
