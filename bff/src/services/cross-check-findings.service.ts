import { Types } from 'mongoose'
import { STANDARD_RULES, standardFor, type CrossCheckResult, type PublishedStandard } from '@cunwu/alignment'
import { parentCode } from '@cunwu/domain'
import type { Models } from '../models'
import type { CrossCheckFinding } from '../models/CrossCheckFinding.model'
import type { CrossCheckRun } from '../models/CrossCheckRun.model'
import type { Actor, AuditService } from './audit.service'

/** The township a village lies in. */
function townshipOf(villageCode: string): string {
  return parentCode(villageCode) ?? villageCode
}

/** Why a finding closes when a run no longer finds it: one of its lists was corrected or retracted. */
export const CLOSED_REASON = '重新检查时已不再出现（名单已更正或不再列入）。'

/**
 * Why a finding closes when its lists are unchanged (docs/cross-checks.md): an amount checked against a standard
 * that changed or was withdrawn, an exit record that changed, or else the rules.
 */
export const standardChangedReason = (figure: string): string =>
  `重新检查时已不再出现（名单未变，${figure}已更改，按现行标准不再超出）。`
export const standardWithdrawnReason = (figure: string): string =>
  `重新检查时已不再出现（名单未变，${figure}已撤回，没有可对照的标准）。`
export const EXIT_CHANGED_REASON = '重新检查时已不再出现（名单未变，村里的去世或迁出记录已更改）。'
export const RULES_CHANGED_REASON = '重新检查时已不再出现（名单未变，核查规则已调整）。'

/** What a check read, to say why a finding it no longer produces closes. */
export interface CheckContext {
  /** The lists read (disclosure ids). */
  listIds: ReadonlySet<string>
  standards: readonly PublishedStandard[]
}

/**
 * Writes what a cross-village check found (docs/cross-checks.md): findings upserted by their key, and the ones the
 * check no longer produces closed with the reason it can tell.
 */
export class CrossCheckFindingWrites {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /**
   * Writes findings: each result upserted by key (a closed finding found again reopens); findings in `scope`
   * that are not among the results close with the reason (`closedReasonOf`). Every opening and closing is audited.
   */
  async apply(
    countyCode: string,
    results: readonly CrossCheckResult[],
    scope: Record<string, unknown>,
    actor: Actor,
    context: CheckContext,
  ): Promise<CrossCheckRun['counts']> {
    const { CrossCheckFinding: Findings } = this.deps.models
    const now = new Date()
    const keys = results.map(keyOf)
    const before = new Map(
      (await Findings.find({ key: { $in: keys } }, { key: 1, status: 1 }).lean()).map((f) => [
        f.key,
        f.status,
      ]),
    )
    if (results.length > 0) {
      await Findings.bulkWrite(
        results.map((r) => {
          const reopen = before.get(keyOf(r)) === 'closed'
          const set: Partial<CrossCheckFinding> = {
            countyCode,
            kind: r.kind,
            catalogItemId: r.catalogItemId,
            period: r.period,
            subject: r.subject,
            villageCodes: r.villageCodes,
            townshipCodes: [...new Set(r.villageCodes.map(townshipOf))],
            rows: r.rows.map((x) => ({
              disclosureId: new Types.ObjectId(x.listId),
              villageCode: x.villageCode,
              catalogItemId: x.catalogItemId,
              rowIndex: x.rowIndex,
            })),
            explanation: r.explanation,
            facts: r.facts,
            lastSeenAt: now,
            ...(reopen
              ? { status: 'open', confirmation: null, resolution: null, closedReason: null, closedAt: null }
              : {}),
          }
          return {
            updateOne: {
              filter: { key: keyOf(r) },
              update: {
                $set: set,
                $setOnInsert: { key: keyOf(r), status: 'open', firstSeenAt: now },
                $inc: { revision: 1 },
              },
              upsert: true,
            },
          }
        }),
        { ordered: false },
      )
    }
    const opened = results.filter((r) => {
      const was = before.get(keyOf(r))
      return was === undefined || was === 'closed'
    })
    const gone = (
      await Findings.find(
        { ...scope, status: { $ne: 'closed' }, key: { $nin: keys } },
        { key: 1, kind: 1, catalogItemId: 1, period: 1, villageCodes: 1, rows: 1 },
      ).lean()
    ).map((f) => ({ ...f, reason: closedReasonOf(f, context) }))
    for (const reason of new Set(gone.map((f) => f.reason))) {
      await Findings.updateMany(
        {
          _id: { $in: gone.filter((f) => f.reason === reason).map((f) => f._id) },
          status: { $ne: 'closed' },
        },
        { $set: { status: 'closed', closedReason: reason, closedAt: now }, $inc: { revision: 1 } },
      )
    }
    const found = await Findings.find({ key: { $in: opened.map(keyOf) } }, { key: 1, villageCodes: 1 }).lean()
    for (const f of found) {
      await this.deps.audit.record(actor, {
        action: 'cross_check.found',
        targetType: 'cross_check_finding',
        targetId: f._id.toHexString(),
        regionCode: countyCode,
        data: { villageCodes: f.villageCodes },
      })
    }
    for (const f of gone) {
      await this.deps.audit.record(actor, {
        action: 'cross_check.closed',
        targetType: 'cross_check_finding',
        targetId: f._id.toHexString(),
        regionCode: countyCode,
        data: { villageCodes: f.villageCodes, reason: f.reason },
      })
    }
    return { found: results.length, opened: opened.length, closed: gone.length }
  }
}

/** The unique key of a finding: kind, item, period and subject. */
export function keyOf(r: Pick<CrossCheckResult, 'kind' | 'catalogItemId' | 'period' | 'subject'>): string {
  return `${r.kind}|${r.catalogItemId}|${r.period}|${r.subject}`
}

/**
 * Why a finding a check no longer produces closes: a list of it was corrected or retracted (not among the lists
 * read); else, with its lists unchanged, an amount's standard changed or was withdrawn, or an exit record changed.
 */
function closedReasonOf(
  f: Pick<CrossCheckFinding, 'kind' | 'catalogItemId' | 'period' | 'villageCodes' | 'rows'>,
  context: CheckContext,
): string {
  if (f.rows.some((r) => !context.listIds.has(r.disclosureId.toHexString()))) return CLOSED_REASON
  if (f.kind === 'listed_after_exit') return EXIT_CHANGED_REASON
  const rule = STANDARD_RULES.get(f.catalogItemId)
  const village = f.villageCodes[0]
  if (f.kind !== 'above_standard' || !rule || village === undefined) return RULES_CHANGED_REASON
  return standardFor(context.standards, village, f.catalogItemId, f.period)
    ? standardChangedReason(rule.figure)
    : standardWithdrawnReason(rule.figure)
}
