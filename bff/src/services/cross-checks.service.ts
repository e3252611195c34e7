import { Types } from 'mongoose'
import { explainFor } from '@cunwu/alignment'
import type {
  CrossCheckConfirmReq,
  CrossCheckListQuery,
  CrossCheckResolveReq,
  CrossCheckRunReq,
} from '@cunwu/domain'
import { codePrefix, ErrorCode, findCatalogItem, levelOfCode, redactSensitiveNumbers } from '@cunwu/domain'
import { AppError, forbidden, notFound } from '../errors'
import { atRevision, isStaleCopy, revisionOf } from '../lib/revision'
import type { Logger } from '../logger'
import type { Models } from '../models'
import type { CrossCheckFinding, CrossCheckStep } from '../models/CrossCheckFinding.model'
import type { CrossCheckRun } from '../models/CrossCheckRun.model'
import type { User } from '../models/User.model'
import { grantsFor, holdsGrantIn, refusalFor } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import { countyOf, type CrossCheckRunsService } from './cross-check-runs.service'
import type { NotificationsService } from './notifications.service'
import { CrossCheckTriggers, type StandardsSource } from './cross-check-triggers.service'
import type { FindingDetails } from '../models/cross-check-views'
import { periodsWithin } from './compliance.service'
import { CrossCheckListing, covers, OFFICERS, officerPrefixes, type Viewer } from './cross-check-listing'

export type { Viewer } from './cross-check-listing'

/**
 * 409 `cross_check_stale`: the finding changed since the officer's page loaded it (another officer confirmed or
 * resolved it, or a run saw it again); their action is not taken, and the page reads it again.
 */
function actedMeanwhile(f: CrossCheckFinding | null): AppError {
  return new AppError(
    409,
    ErrorCode.CrossCheckStale,
    '这条核查结果刚刚有人处理过或已重新核查，请刷新后再看',
    true,
    f ? { revision: revisionOf(f) } : undefined,
  )
}

const stepOf = (user: User, text: string | null): CrossCheckStep => ({
  userId: user._id,
  name: user.displayName,
  at: new Date(),
  text: text === null ? null : redactSensitiveNumbers(text),
})

/**
 * Cross-village checks as staff use them: start a run (202, polled), list findings, confirm one as a problem (the
 * villages' secretaries are asked to correct through the inbox and a subscribe message) or resolve it with a
 * reason. Only county and township staff of the region: a township sees findings touching its villages, with only
 * its villages' rows. Every step audited.
 */
export class CrossChecksService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      notifications: Pick<NotificationsService, 'publishEvent'>
      runs: CrossCheckRunsService
      logger?: Pick<Logger, 'error'>
    },
  ) {
    this.triggers = new CrossCheckTriggers(deps)
    this.listing = new CrossCheckListing(deps.models)
  }

  /** Which findings a viewer sees, in what order, and what of them. */
  private readonly listing: CrossCheckListing

  /** When runs start: staff, the upkeep and the hooks. */
  private readonly triggers: CrossCheckTriggers

  /** The viewer for a region: county or township staff whose grant covers it; else 403. */
  viewerFor(user: User, regionCode: string): Viewer {
    const level = levelOfCode(regionCode)
    if (level !== 'county' && level !== 'township') throw forbidden('只有乡镇和县里可以查看跨村核查')
    if (grantsFor(user.roles, OFFICERS, regionCode).length === 0) throw forbidden('只能查看本辖区的核查结果')
    return { user, prefixes: this.prefixesOf(user) }
  }

  private prefixesOf(user: User): string[] {
    return officerPrefixes(user)
  }

  /** Starts a run over a region and period; the work goes on after the answer (poll with `loadRun`). */
  async start(regionCode: string, req: CrossCheckRunReq, user: User, actor: Actor): Promise<CrossCheckRun> {
    this.viewerFor(user, regionCode)
    if (req.catalogItemId !== undefined && !findCatalogItem(req.catalogItemId)) {
      throw new AppError(422, ErrorCode.UnknownCategory, '没有这个公开事项')
    }
    return this.triggers.startInBackground(
      regionCode,
      req.catalogItemId ?? null,
      req.period,
      'manual',
      user._id,
      actor,
    )
  }

  /** A run, for the user who may see its region. */
  async loadRun(id: string, user?: User): Promise<CrossCheckRun> {
    const run = Types.ObjectId.isValid(id) ? await this.deps.models.CrossCheckRun.findById(id).lean() : null
    if (!run) throw notFound('核查')
    if (user && !holdsGrantIn(user.roles, run.regionCode)) throw notFound('核查')
    if (user) this.viewerFor(user, run.regionCode)
    return run
  }

  /** A page of the findings touching the region's villages, most serious first (`CrossCheckListing.list`). */
  list(regionCode: string, query: CrossCheckListQuery, user: User) {
    return this.listing.list(regionCode, query, this.viewerFor(user, regionCode))
  }

  /** What the viewer may see of findings (`CrossCheckListing.details`). */
  details(findings: readonly CrossCheckFinding[], viewer: Viewer): Promise<FindingDetails> {
    return this.listing.details(findings, viewer)
  }

  private villageNames(codes: readonly string[]): Promise<Map<string, string>> {
    return this.listing.villageNames(codes)
  }

  /**
   * Open or confirmed findings by kind for each child region (township or village) of the dashboard, for a period
   * key and the periods within it (`2026` counts every period of 2026, `2026-Q1` its months too); null when the user
   * may not see findings of the region.
   */
  async countsByChild(
    regionCode: string,
    period: string,
    childCodes: readonly string[],
    user: User,
  ): Promise<Map<string, Record<string, number>> | null> {
    try {
      this.viewerFor(user, regionCode)
    } catch {
      return null
    }
    const findings = await this.deps.models.CrossCheckFinding.find(
      {
        countyCode: countyOf(regionCode),
        period: { $in: periodsWithin(period) },
        villageCodes: { $regex: `^${codePrefix(regionCode)}` },
        status: { $in: ['open', 'confirmed'] },
      },
      { kind: 1, villageCodes: 1 },
    ).lean()
    const out = new Map<string, Record<string, number>>()
    for (const code of childCodes) {
      const prefix = codePrefix(code)
      const counts: Record<string, number> = {}
      for (const f of findings) {
        if (f.villageCodes.some((v) => v.startsWith(prefix))) counts[f.kind] = (counts[f.kind] ?? 0) + 1
      }
      out.set(code, counts)
    }
    return out
  }

  /**
   * Open or confirmed findings per village list for the compliance workbook: `${villageCode}|${catalogItemId}` →
   * how many and their explanations, for a period key and the periods within it; null when the user may not see
   * findings.
   */
  async openByVillageItem(
    regionCode: string,
    period: string,
    user: User,
  ): Promise<Map<string, { count: number; explanations: string[] }> | null> {
    let viewer: Viewer
    try {
      viewer = this.viewerFor(user, regionCode)
    } catch {
      return null
    }
    const findings = await this.deps.models.CrossCheckFinding.find(
      {
        countyCode: countyOf(regionCode),
        period: { $in: periodsWithin(period) },
        villageCodes: { $regex: `^${codePrefix(regionCode)}` },
        status: { $in: ['open', 'confirmed'] },
      },
      { rows: 1, explanation: 1, facts: 1, villageCodes: 1 },
    ).lean()
    const names = await this.villageNames(findings.flatMap((f) => f.villageCodes))
    const out = new Map<string, { count: number; explanations: string[] }>()
    for (const f of findings) {
      // The explanation names only the people and villages the viewer may see.
      const explanation = explainFor(
        f,
        (code) => covers(viewer, code),
        (code) => names.get(code) ?? code,
      )
      for (const key of new Set(f.rows.map((r) => `${r.villageCode}|${r.catalogItemId}`))) {
        const at = out.get(key) ?? { count: 0, explanations: [] }
        at.count += 1
        at.explanations.push(explanation)
        out.set(key, at)
      }
    }
    return out
  }

  /** Loads a finding the user may work on (officer of at least one of its villages); others get 404. */
  async loadFor(id: string, user: User): Promise<{ finding: CrossCheckFinding; viewer: Viewer }> {
    const f = Types.ObjectId.isValid(id) ? await this.deps.models.CrossCheckFinding.findById(id).lean() : null
    if (!f) throw notFound('核查结果')
    const viewer = { user, prefixes: this.prefixesOf(user) }
    if (!f.villageCodes.some((v) => covers(viewer, v))) {
      throw refusalFor(user.roles, f.villageCodes, '只能处理本辖区的核查结果', '核查结果')
    }
    return { finding: f, viewer }
  }

  /**
   * Confirms a finding as a problem; the secretaries of the viewer's villages in it are asked to correct. Written
   * only on the revision the officer's page loaded (`req.revision`): of two officers acting at once on what they
   * both saw, one is saved, audited and told to the villages, the other gets 409 `cross_check_stale`.
   */
  async confirm(id: string, req: CrossCheckConfirmReq, user: User, actor: Actor) {
    const comment = req.comment
    const { finding, viewer } = await this.loadFor(id, user)
    if (isStaleCopy(finding, req.revision)) throw actedMeanwhile(finding)
    if (finding.status !== 'open' && finding.status !== 'confirmed') {
      throw new AppError(409, ErrorCode.InvalidTransition, '这条核查结果已处理或已关闭')
    }
    const saved = await this.step(finding, {
      status: 'confirmed',
      confirmation: stepOf(user, comment ?? null),
    })
    await this.deps.audit.record(actor, {
      action: 'cross_check.confirm',
      targetType: 'cross_check_finding',
      targetId: id,
      regionCode: finding.countyCode,
      data: { comment: comment ?? null, villageCodes: finding.villageCodes },
    })
    const mine = finding.rows.filter((r) => covers(viewer, r.villageCode))
    const byVillage = new Map(mine.map((r) => [r.villageCode, r]))
    const names = await this.villageNames(finding.villageCodes)
    for (const [villageCode, row] of byVillage) {
      // The secretary is told only of their own village's people (docs/cross-checks.md).
      const explanation = explainFor(
        finding,
        (code) => code === villageCode,
        (code) => names.get(code) ?? code,
      )
      await this.deps.notifications.publishEvent({
        type: 'cross_check.confirmed',
        id: `cross_check.confirmed:${id}:${villageCode}:${saved.revision}`,
        villageCode,
        title: findCatalogItem(row.catalogItemId)?.name ?? '名单',
        findingId: id,
        disclosureId: row.disclosureId.toHexString(),
        detail: comment ? `${explanation}（${redactSensitiveNumbers(comment)}）` : explanation,
      })
    }
    return { finding: saved, viewer }
  }

  /**
   * Resolves a finding with a reason (422 `reason_required` without one). Resolving closes the finding for every
   * village in it, so only a viewer whose grants cover all of them may: a finding spanning townships is the
   * county's to resolve (403 to a township, which may still confirm it for its own villages). Written only on the
   * revision the officer's page loaded, as `confirm`.
   */
  async resolve(id: string, req: CrossCheckResolveReq, user: User, actor: Actor) {
    const text = (req.reason ?? '').trim()
    if (text.length < 2) throw new AppError(422, ErrorCode.ReasonRequired, '请写明处理理由')
    const { finding, viewer } = await this.loadFor(id, user)
    if (!finding.villageCodes.every((v) => covers(viewer, v))) {
      throw forbidden('这条核查结果涉及其他乡镇的村，只能由县里处理；您可以确认后通知本乡镇的村更正')
    }
    if (isStaleCopy(finding, req.revision)) throw actedMeanwhile(finding)
    if (finding.status === 'closed' || finding.status === 'resolved') {
      throw new AppError(409, ErrorCode.InvalidTransition, '这条核查结果已处理或已关闭')
    }
    const saved = await this.step(finding, { status: 'resolved', resolution: stepOf(user, text) })
    await this.deps.audit.record(actor, {
      action: 'cross_check.resolve',
      targetType: 'cross_check_finding',
      targetId: id,
      regionCode: finding.countyCode,
      data: { reason: redactSensitiveNumbers(text), villageCodes: finding.villageCodes },
    })
    return { finding: saved, viewer }
  }

  /**
   * Writes an officer's step on the revision read, which `isStaleCopy` found to be the one their page loaded: a
   * write that came between (another officer, a run) makes it match nothing, and nothing is written.
   */
  private async step(f: CrossCheckFinding, set: Partial<CrossCheckFinding>): Promise<CrossCheckFinding> {
    const saved = await this.deps.models.CrossCheckFinding.findOneAndUpdate(
      { _id: f._id, ...atRevision(f) },
      { $set: set, $inc: { revision: 1 } },
      { returnDocument: 'after' },
    ).lean()
    if (!saved) throw actedMeanwhile(null)
    return saved
  }

  /** The upkeep's full check of the counties and periods with lists published lately (`CrossCheckTriggers`). */
  upkeep(recent: readonly { regionCode: string; period: string }[], now = new Date()): Promise<number> {
    return this.triggers.upkeep(recent, now)
  }

  /** Government item hook: changed standards start a full run of the county and period (`CrossCheckTriggers`). */
  standardsChanged(g: StandardsSource, previous: StandardsSource | null = null): Promise<void> {
    return this.triggers.standardsChanged(g, previous)
  }

  /** Disclosure hook: a village list published or retracted is re-checked (`CrossCheckTriggers`). */
  villageListChanged(d: { regionCode: string; period: string; rows: unknown[] | null }): Promise<void> {
    return this.triggers.villageListChanged(d)
  }
}
