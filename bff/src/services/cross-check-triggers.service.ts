import type { Types } from 'mongoose'
import { ErrorCode } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Logger } from '../logger'
import type { Models } from '../models'
import type { CrossCheckRun, CrossCheckTrigger } from '../models/CrossCheckRun.model'
import type { Actor, AuditService } from './audit.service'
import { SYSTEM_ACTOR } from './audit.service'
import { countyOf, type CrossCheckRunsService } from './cross-check-runs.service'
import { isDuplicateKey } from '../lib/db-writes'

/** A run left `running` longer than this (the process stopped) no longer holds its lock. */
const STALE_RUN_MS = 10 * 60_000

/** A government item's version as the standards hook reads it. */
export interface StandardsSource {
  regionCode: string
  period: string
  figures: readonly unknown[]
}

/** How often the upkeep runs the full check of a county and period. */
const UPKEEP_EVERY_MS = 24 * 3600_000

/**
 * When cross-village checks run (docs/cross-checks.md): a staff member's start, the upkeep's daily full check, a
 * township's or county's new standards, a village list published or retracted. A run holds its county and period
 * (one at a time, 429 `cross_check_running` for another) and is recorded in the audit; its work is
 * `CrossCheckRunsService`'s. Who may start one is the caller's question (`CrossChecksService.start`).
 */
export class CrossCheckTriggers {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      runs: CrossCheckRunsService
      logger?: Pick<Logger, 'error'>
    },
  ) {}

  /** Opens a run and lets it work after the caller returns (poll the run for its end). */
  async startInBackground(
    regionCode: string,
    catalogItemId: string | null,
    period: string,
    trigger: CrossCheckTrigger,
    requestedBy: Types.ObjectId | null,
    actor: Actor,
  ): Promise<CrossCheckRun> {
    const run = await this.open(regionCode, catalogItemId, period, trigger, requestedBy, actor)
    void this.finish(run, actor)
    return run
  }

  /** Runs a full check now and waits for it (the upkeep). */
  async runAndWait(
    regionCode: string,
    period: string,
    trigger: CrossCheckTrigger = 'upkeep',
  ): Promise<CrossCheckRun> {
    const run = await this.open(regionCode, null, period, trigger, null, SYSTEM_ACTOR)
    await this.finish(run, SYSTEM_ACTOR)
    const done = await this.deps.models.CrossCheckRun.findById(run._id).lean()
    if (!done) throw notFound('核查')
    return done
  }

  private async open(
    regionCode: string,
    catalogItemId: string | null,
    period: string,
    trigger: CrossCheckTrigger,
    requestedBy: Types.ObjectId | null,
    actor: Actor,
  ): Promise<CrossCheckRun> {
    const { CrossCheckRun: Runs } = this.deps.models
    const lockKey = `${countyOf(regionCode)}|${period}`
    await Runs.updateMany(
      { lockKey, startedAt: { $lt: new Date(Date.now() - STALE_RUN_MS) } },
      { $set: { lockKey: null, status: 'failed', error: '检查中断', finishedAt: new Date() } },
    )
    try {
      const run = await Runs.create({
        regionCode,
        catalogItemId,
        period,
        trigger,
        status: 'running',
        lockKey,
        requestedBy,
        startedAt: new Date(),
      })
      await this.deps.audit.record(actor, {
        action: 'cross_check.run',
        targetType: 'cross_check_run',
        targetId: run._id.toHexString(),
        regionCode,
        data: { period, catalogItemId, trigger },
      })
      return run.toObject()
    } catch (err) {
      if (isDuplicateKey(err)) {
        throw new AppError(429, ErrorCode.CrossCheckRunning, '这个县本期的核查正在进行，请稍后再试', true, {
          retryAfterSeconds: 10,
        })
      }
      throw err
    }
  }

  private async finish(run: CrossCheckRun, actor: Actor): Promise<void> {
    const { CrossCheckRun: Runs } = this.deps.models
    try {
      const counts = await this.deps.runs.execute(run, actor)
      await Runs.updateOne(
        { _id: run._id },
        { $set: { status: 'done', counts, lockKey: null, finishedAt: new Date() } },
      )
    } catch (err) {
      this.deps.logger?.error({ err, runId: run._id.toHexString() }, 'cross-check run failed')
      await Runs.updateOne(
        { _id: run._id },
        { $set: { status: 'failed', error: '检查没有完成，请重试', lockKey: null, finishedAt: new Date() } },
      ).catch(() => undefined)
    }
  }

  /**
   * The upkeep's full check: for each county and period with lists published lately, a full run unless the upkeep
   * ran one in the last day (a run holds its county and period; one already running is left alone).
   */
  async upkeep(recent: readonly { regionCode: string; period: string }[], now = new Date()): Promise<number> {
    const pairs = new Map<string, { county: string; period: string }>()
    for (const d of recent)
      pairs.set(`${countyOf(d.regionCode)}|${d.period}`, { county: countyOf(d.regionCode), period: d.period })
    let ran = 0
    for (const { county, period } of pairs.values()) {
      const lately = await this.deps.models.CrossCheckRun.exists({
        regionCode: county,
        period,
        trigger: 'upkeep',
        startedAt: { $gte: new Date(now.getTime() - UPKEEP_EVERY_MS) },
      })
      if (lately) continue
      try {
        await this.runAndWait(county, period, 'upkeep')
        ran += 1
      } catch (err) {
        if (!(err instanceof AppError && err.code === ErrorCode.CrossCheckRunning)) throw err
      }
    }
    return ran
  }

  /**
   * Government item hook: a township or county published (or retracted) named figures, such as a new 低保标准, for a
   * period, or published a version that drops the figures its previous version stated. Every list of the county
   * and period (and the periods within it) is measured against the standards again, so a full run starts in the
   * background (the publishing request does not wait for it). While a run of the county and period is already
   * going the new standards may come too late for it: the next upkeep run reads them.
   */
  async standardsChanged(g: StandardsSource, previous: StandardsSource | null = null): Promise<void> {
    if (g.figures.length === 0 && (previous?.figures.length ?? 0) === 0) return
    try {
      await this.startInBackground(
        countyOf(g.regionCode),
        null,
        g.period,
        'standards_changed',
        null,
        SYSTEM_ACTOR,
      )
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.CrossCheckRunning) return
      this.deps.logger?.error({ err, regionCode: g.regionCode }, 'cross-check after new standards failed')
    }
  }

  /**
   * Disclosure hook: a village list was published or retracted; re-checks what it can affect. A failure is
   * logged, never passed on to the publishing request (the upkeep's full run catches up).
   */
  async villageListChanged(d: { regionCode: string; period: string; rows: unknown[] | null }): Promise<void> {
    if (!d.rows) return
    try {
      await this.deps.runs.recheckVillage(d.regionCode, d.period, SYSTEM_ACTOR)
    } catch (err) {
      this.deps.logger?.error({ err, villageCode: d.regionCode }, 'cross-check re-check failed')
    }
  }
}
