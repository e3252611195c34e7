import { Types } from 'mongoose'
import type { CatalogItem, DisclosureReviewReq } from '@cunwu/domain'
import {
  ErrorCode,
  isCorrectableStatus,
  RETRACTABLE_DISCLOSURE_STATUSES,
  shanghaiDateOf,
} from '@cunwu/domain'
import { AppError, conflict, forbidden } from '../errors'
import { isDuplicateKey } from '../lib/db-writes'
import { atRevision, isStaleCopy, revisionOf } from '../lib/revision'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { type DisclosureHooks } from './disclosure-hooks.service'
import { catalogItemOf } from './catalog.service'
import { refuseMinorDetails } from './public-text'
import { successorMark, type StandIn } from './disclosure-period'
import { reviewOfficeIn } from '../policies/region.policy'

/**
 * A review as the service takes it: `revision` is the one the reviewer's page loaded, which HTTP clients must send
 * (`DisclosureReviewSchema`); a caller acting on the draft as it reads it now (the demo seeds) names none.
 */
export type ReviewRequest = DisclosureReviewReq extends infer R
  ? R extends DisclosureReviewReq
    ? Omit<R, 'revision'> & { revision?: number }
    : never
  : never

/**
 * What happens to a village disclosure once it is sent for review: the township approves it (published, superseding
 * the series' previous version, with its posting dates) or returns it with a comment; staff start a corrected
 * version of a public one, retract a published one with a reason; the upkeep expires rosters whose notice period
 * ended. Each step is audited and runs the lifecycle hooks. Drafting (create, edit, submit) is
 * `disclosures.service.ts`, which offers these operations as its own.
 */
export class DisclosurePublishing {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      hooks: DisclosureHooks
      load: (id: string) => Promise<Disclosure>
      postingDates: (item: CatalogItem, publishedAt: Date) => { postingUntil: Date; hideAfter: Date | null }
      /** The app's one notion of now (ClockService): publication, posting window, retraction and expiry read it. */
      now: () => Date
    },
  ) {}

  /**
   * Township review: approve publishes (superseding the previous version); return sends it back with a comment.
   * Either is written only on the draft as the reviewer saw it (`revision`, `lib/revision.ts`): one the village
   * changed since (returned by a colleague, edited and sent again) is 409 `disclosure_stale`, never published unseen.
   */
  async review(id: string, req: ReviewRequest, reviewer: User, actor: Actor): Promise<Disclosure> {
    const current = await this.deps.load(id)
    if (current.authorId.equals(reviewer._id)) throw forbidden('不能审核自己提交的内容')
    if (current.status !== 'pending_review') throw notPending()
    if (isStaleCopy(current, req.revision)) throw changedSinceSeen(current)
    const now = this.deps.now()
    const reviewOffice = reviewOfficeIn(reviewer.roles, current.regionCode)
    // What the checks above read, or nothing: a draft sent again meanwhile is answered as changed, not decided.
    const unchanged = { _id: current._id, status: 'pending_review' as const, ...atRevision(current) }
    if (req.decision === 'return') {
      const d = await this.deps.models.Disclosure.findOneAndUpdate(
        unchanged,
        {
          $set: {
            status: 'draft',
            reviewerId: reviewer._id,
            reviewComment: req.comment,
            reviewOffice,
            reviewedAt: now,
          },
        },
        { returnDocument: 'after' },
      ).lean()
      if (!d) throw await this.movedOn(current)
      await this.deps.audit.record(actor, {
        action: 'disclosure.return',
        targetType: 'disclosure',
        targetId: id,
        regionCode: d.regionCode,
        data: { comment: req.comment },
      })
      await this.deps.hooks.onReturned?.(d)
      return d
    }
    const item = catalogItemOf(current.catalogItemId)
    const d = await this.deps.models.Disclosure.findOneAndUpdate(
      unchanged,
      {
        $set: {
          status: 'published',
          openKey: null,
          reviewerId: reviewer._id,
          reviewComment: req.comment ?? null,
          reviewOffice,
          reviewedAt: now,
          publishedAt: now,
          ...this.deps.postingDates(item, now),
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!d) throw await this.movedOn(current)
    const previous = await this.deps.models.Disclosure.findOneAndUpdate(
      { seriesKey: d.seriesKey, _id: { $ne: d._id }, status: { $in: ['published', 'expired'] } },
      { $set: { status: 'superseded', supersededAt: now } },
    ).lean()
    // The audit record and the publication's hooks (the read cache's reload among them) do not depend on each other:
    // together, the approval waits for one round trip to the database less.
    await Promise.all([
      this.deps.audit.record(actor, {
        action: 'disclosure.publish',
        targetType: 'disclosure',
        targetId: id,
        regionCode: d.regionCode,
        data: { version: d.version, supersedes: previous?._id.toHexString() ?? null },
      }),
      this.deps.hooks.onPublished?.(d, previous),
    ])
    return d
  }

  /** Why a review's write matched nothing: the draft left review meanwhile, or was changed while under it. */
  private async movedOn(current: Disclosure): Promise<AppError> {
    const now = await this.deps.models.Disclosure.findById(current._id, { status: 1, revision: 1 }).lean()
    return now?.status === 'pending_review' ? changedSinceSeen(now) : notPending()
  }

  /**
   * Starts a corrected version of a published (or 公示期满) disclosure, or of a retracted one when nothing was
   * published after it (a list withdrawn because it was wrong is corrected and published again: docs/versions.md),
   * as a new draft copying its content.
   */
  async newVersion(
    id: string,
    changeNote: string,
    author: User,
    actor: Actor,
    /**
     * The new version's id, when the caller named it before creating it (a question's correction claims it first);
     * `standIn`: corrected in place of a retired village by the village it merged into (`successorMark`).
     */
    options: { id?: Types.ObjectId; standIn?: StandIn } = {},
  ): Promise<Disclosure> {
    refuseMinorDetails(changeNote, '更改说明')
    const current = await this.deps.load(id)
    const successor = options.standIn
      ? await successorMark(
          this.deps.models,
          current.regionCode,
          options.standIn,
          catalogItemOf(current.catalogItemId),
          current.period,
          shanghaiDateOf(this.deps.now()),
        )
      : null
    if (!isCorrectableStatus(current.status)) {
      throw conflict('只有已公开或已撤回的内容才能发布新版本', ErrorCode.InvalidTransition)
    }
    const [latest, republished] = await Promise.all([
      this.deps.models.Disclosure.findOne({ seriesKey: current.seriesKey }).sort({ version: -1 }).lean(),
      current.status === 'retracted'
        ? this.deps.models.Disclosure.exists({
            seriesKey: current.seriesKey,
            status: { $in: ['published', 'expired'] },
          })
        : null,
    ])
    if (republished) {
      throw conflict('这一期已有重新发布的版本，请在最新版本上发布新版本', ErrorCode.InvalidTransition)
    }
    try {
      const doc = await this.deps.models.Disclosure.create({
        ...current,
        _id: options.id ?? new Types.ObjectId(),
        version: (latest?.version ?? current.version) + 1,
        openKey: current.seriesKey,
        status: 'draft',
        changeNote,
        authorId: author._id,
        ...(successor ? { successor } : {}),
        reviewerId: null,
        reviewComment: null,
        reviewOffice: null,
        submittedAt: null,
        reviewedAt: null,
        publishedAt: null,
        postingUntil: null,
        hideAfter: null,
        retractedAt: null,
        retractReason: null,
        retractedBy: null,
        // A file taken down from the version it was published on is not part of the correction (docs/versions.md).
        withdrawnAttachments: [],
        createdAt: undefined,
        updatedAt: undefined,
      })
      await this.deps.audit.record(actor, {
        action: 'disclosure.new_version',
        targetType: 'disclosure',
        targetId: doc.id,
        regionCode: current.regionCode,
        data: { from: id, version: doc.version, changeNote },
      })
      return doc.toObject()
    } catch (err) {
      if (isDuplicateKey(err)) {
        // Named, so the page can open it (tester r1, N6): the series' open draft, in the same village as `current`.
        const open = await this.deps.models.Disclosure.findOne(
          { openKey: current.seriesKey },
          { _id: 1 },
        ).lean()
        const details = open ? { disclosureId: open._id.toHexString() } : undefined
        throw new AppError(
          409,
          ErrorCode.DisclosureExists,
          '已有一个未发布的新版本，请先处理它',
          true,
          details,
        )
      }
      throw err
    }
  }

  /**
   * Retracts a published disclosure with a reason; the record stays visible as retracted and keeps who retracted it
   * (its author is told when that was the township or county: disclosure-events.service.ts).
   */
  async retract(id: string, reason: string, actor: Actor): Promise<Disclosure> {
    refuseMinorDetails(reason, '撤回原因')
    const d = await this.deps.models.Disclosure.findOneAndUpdate(
      { _id: id, status: { $in: [...RETRACTABLE_DISCLOSURE_STATUSES] } },
      {
        $set: {
          status: 'retracted',
          retractedAt: this.deps.now(),
          retractReason: reason,
          retractedBy: actor.userId,
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!d) {
      await this.deps.load(id)
      throw conflict('只有已公开的内容才能撤回', ErrorCode.InvalidTransition)
    }
    await this.deps.audit.record(actor, {
      action: 'disclosure.retract',
      targetType: 'disclosure',
      targetId: id,
      regionCode: d.regionCode,
      data: { reason },
    })
    await this.deps.hooks.onRetracted?.(d)
    return d
  }

  /** Marks published rosters whose notice period ended as expired (hidden from the feed, kept for alignment). */
  async expireDue(now = this.deps.now()): Promise<number> {
    const res = await this.deps.models.Disclosure.updateMany(
      { status: 'published', hideAfter: { $lte: now } },
      { $set: { status: 'expired' } },
    )
    return res.modifiedCount
  }
}

/** 409: the draft is no longer waiting for review (decided by a colleague, or by this reviewer's earlier request). */
function notPending(): AppError {
  return conflict('该内容不在待审核状态', ErrorCode.InvalidTransition)
}

/** 409 disclosure_stale: the draft under review was changed since the reviewer's page loaded it. */
function changedSinceSeen(d: Pick<Disclosure, 'revision'>): AppError {
  return new AppError(
    409,
    ErrorCode.DisclosureStale,
    '这条内容在您打开后又改过，没有按旧内容审核。请看过最新内容后再审核',
    true,
    { revision: revisionOf(d) },
  )
}

/** Builds the service (the disclosures service calls this). */
export function createDisclosurePublishing(deps: ConstructorParameters<typeof DisclosurePublishing>[0]) {
  return new DisclosurePublishing(deps)
}
