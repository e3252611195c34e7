import { isDeepStrictEqual } from 'node:util'
import type { DisclosureUpdateReq, RowSource, TableRow } from '@cunwu/domain'
import { DISCLOSURE_STATUS_LABELS, ErrorCode, shanghaiDateOf } from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import { atRevision, isStaleCopy, revisionOf } from '../lib/revision'
import type { Models } from '../models'
import { isDecisionResolution, type Disclosure } from '../models/Disclosure.model'
import type { Actor, AuditService } from './audit.service'
import { catalogItemOf } from './catalog.service'
import { unchangedCorrectionOf } from './correction-check'
import { checkTableRows, type DisclosureDerivations } from './disclosure-derivations.service'
import { refuseRetiredPeriod, successorMark, type StandIn } from './disclosure-period'

export { DECISION_RESOLUTION_ITEM, isDecisionResolution } from '../models/Disclosure.model'

/**
 * How many times an edit that names no revision is merged again onto a draft another save changed meanwhile,
 * before it answers 409 (only under a burst of saves of one draft).
 */
const MAX_MERGES = 10

/** Options of a submit (`DisclosureSubmitSchema`). */
export interface SubmitOptions {
  confirmRosterMismatches?: boolean
  confirmNoRows?: boolean
  /** The revision the secretary saw; a draft saved since is 409 `disclosure_stale`. */
  revision?: number | undefined
  /** Submitted in place of a retired village by the village it merged into (`successorMark`). */
  standIn?: StandIn | undefined
}

/**
 * Editing a draft and sending it for review, each as one write conditional on the revision it read
 * (`lib/revision.ts`, docs/api.md "Editing a draft"): an edit writes only the fields it was sent (the derived fields
 * from what is stored with them), so edits of different fields sent at once all stand, and one made on a copy older
 * than the stored draft (`revision` named) is 409 `disclosure_stale`; a submit sends exactly the content its checks
 * read, or 409 when a save came between. Offered by `disclosures.service.ts` as its own.
 */
export class DisclosureEdits {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      derivations: DisclosureDerivations
      load: (id: string) => Promise<Disclosure>
      now: () => Date
    },
  ) {}

  /** The successor's mark for a draft of a retired village acted on in its place (`successorMark`), or 422. */
  private async successorOf(current: Disclosure, standIn: StandIn) {
    const item = catalogItemOf(current.catalogItemId)
    const today = shanghaiDateOf(this.deps.now())
    return successorMark(this.deps.models, current.regionCode, standIn, item, current.period, today)
  }

  /** Edits a draft; a published disclosure is never edited in place (409 pointing at the versions path). */
  async update(
    id: string,
    req: DisclosureUpdateReq,
    actor: Actor,
    /** Where imported rows came from: roster mismatches name these spreadsheet rows; `standIn`: see `SubmitOptions`. */
    options: { rowSources?: readonly RowSource[]; standIn?: StandIn } = {},
  ): Promise<Disclosure> {
    const { revision: named, ...content } = req
    const sent = Object.entries(content)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k)
    let checkedRows: TableRow[] | null | undefined
    for (let merges = 0; ; merges++) {
      const current = await this.deps.load(id)
      if (current.status !== 'draft') throw notEditable(current)
      if (isStaleCopy(current, named)) throw staleDraft(current, '别人刚改过这条内容，请刷新后再改')
      // An edit that sends no field changes nothing: no save, no new revision to make others' copies stale.
      if (sent.length === 0) return current
      const item = catalogItemOf(current.catalogItemId)
      if (options.standIn && merges === 0) await this.successorOf(current, options.standIn)
      if (content.rows !== undefined && checkedRows === undefined)
        checkedRows = checkTableRows(item, content.rows, options.rowSources)
      const rows = content.rows === undefined ? current.rows : (checkedRows ?? null)
      const title = content.title ?? current.title
      const body = content.body ?? current.body
      if (isDecisionResolution(current)) refuseResolutionEdit(current, { title, body, rows })
      const fields = {
        ...(content.title === undefined ? {} : { title }),
        ...(content.body === undefined ? {} : { body }),
        ...(content.interpretation === undefined ? {} : { interpretation: content.interpretation }),
        ...(content.figures === undefined ? {} : { figures: content.figures }),
        ...(content.rows === undefined ? {} : { rows }),
      }
      // Written only if nothing was saved since `current` was read: the derived fields are those of the stored
      // content with the fields sent, never of a copy another save has replaced.
      const updated = await this.deps.models.Disclosure.findOneAndUpdate(
        { _id: current._id, status: 'draft', ...atRevision(current) },
        {
          $set: {
            ...fields,
            rosterMismatches: await this.deps.derivations.rosterMismatchesOf(
              current.regionCode,
              item,
              rows,
              content.rows === undefined ? undefined : options.rowSources,
            ),
            ...this.deps.derivations.derived(item, title, body, rows),
          },
        },
        { returnDocument: 'after' },
      ).lean()
      if (updated) {
        await this.deps.audit.record(actor, {
          action: 'disclosure.update',
          targetType: 'disclosure',
          targetId: id,
          regionCode: current.regionCode,
          data: { fields: sent },
        })
        return updated
      }
      // Saved or moved on meanwhile: read again (a named copy is then stale, a draft no longer one not editable).
      if (merges + 1 >= MAX_MERGES) throw staleDraft(current, '别人刚改过这条内容，请刷新后再改')
    }
  }

  /**
   * Sends a draft to the township for review. Rows whose name contradicts the village roster for their 户号
   * (checked again now: the roster may have changed since the last save) must be fixed or confirmed first. The
   * write holds only while the draft is at the revision the checks read.
   */
  async submit(id: string, actor: Actor, options: SubmitOptions = {}): Promise<Disclosure> {
    const current = await this.deps.load(id)
    if (current.status === 'draft' && isStaleCopy(current, options.revision)) {
      throw staleDraft(current, '别人刚改过这条内容，请刷新看过后再提交')
    }
    const item = catalogItemOf(current.catalogItemId)
    // A draft begun before its village was retired may no longer go out for a period after the retirement; one
    // submitted in its place is marked with its successor.
    const successor = options.standIn ? await this.successorOf(current, options.standIn) : null
    if (!successor) {
      const village = await this.deps.models.Region.findById(current.regionCode, { retirement: 1 }).lean()
      await refuseRetiredPeriod(
        this.deps.models,
        village?.retirement,
        current.period,
        shanghaiDateOf(this.deps.now()),
      )
    }
    const empty = item.table !== null && (!current.rows || current.rows.length === 0)
    if (empty && options.confirmNoRows !== true) {
      throw new AppError(
        422,
        ErrorCode.TableEmpty,
        '表格还是空的。请填写或导入表格；本期确实没有的（例如本月没有支出），请确认后再提交',
      )
    }
    const same = await unchangedCorrectionOf(this.deps.models, current)
    if (same !== null)
      throw new AppError(
        422,
        ErrorCode.CorrectionUnchanged,
        `异议指出的内容这一版和第${same}版一样，还没有改正，请先改正再提交`,
      )
    const mismatches = await this.deps.derivations.rosterMismatchesOf(current.regionCode, item, current.rows)
    if (mismatches.length > 0 && options.confirmRosterMismatches !== true) {
      throw new AppError(
        422,
        ErrorCode.RosterMismatch,
        `表格有 ${mismatches.length} 行的姓名与户籍名册不一致，请改正或确认后再提交`,
        true,
        { mismatches },
      )
    }
    const d = await this.deps.models.Disclosure.findOneAndUpdate(
      // What the checks above read, or nothing: a save that came between is not sent unchecked.
      { _id: current._id, status: 'draft', ...atRevision(current) },
      // A list confirmed empty is disclosed as a table of no rows (共 0 条), not as no table.
      {
        $set: {
          status: 'pending_review',
          submittedAt: this.deps.now(),
          ...(empty ? { rows: [] } : {}),
          ...(successor ? { successor } : {}),
        },
      },
      { returnDocument: 'after' },
    ).lean()
    if (!d) {
      // Read again: another request may have moved it on, or saved it, since `current` was read.
      const now = await this.deps.models.Disclosure.findById(current._id, { status: 1, revision: 1 }).lean()
      if (now?.status === 'draft') throw staleDraft(now, '别人刚改过这条内容，请刷新看过后再提交')
      const label = DISCLOSURE_STATUS_LABELS[now?.status ?? current.status]
      throw conflict(`这条内容现在是「${label}」状态，不能提交审核`, ErrorCode.InvalidTransition)
    }
    await this.deps.audit.record(actor, {
      action: 'disclosure.submit',
      targetType: 'disclosure',
      targetId: id,
      regionCode: d.regionCode,
    })
    return d
  }
}

/** 422 for an edit of a 决议公开's title, text or table, which are written from the recorded steps. */
function refuseResolutionEdit(
  current: Disclosure,
  next: { title: string; body: string; rows: TableRow[] | null },
): void {
  const changed = Object.entries(next)
    .filter(([k, v]) => !isDeepStrictEqual(v, current[k as keyof typeof next]))
    .map(([k]) => k)
  if (changed.length > 0)
    throw new AppError(
      422,
      ErrorCode.UnprocessableEntity,
      '决议公开的名称、正文和议事记录按会议记录生成，不能修改；记录有误的，请新建议事事项重新议定',
      true,
      { fields: changed },
    )
}

/** 409 disclosure_stale: the draft was saved by someone else since it was read; details name its revision now. */
export function staleDraft(d: Pick<Disclosure, 'revision'>, message: string): AppError {
  return new AppError(409, ErrorCode.DisclosureStale, message, true, { revision: revisionOf(d) })
}

function notEditable(d: Disclosure): AppError {
  if (d.status === 'published') {
    return new AppError(
      409,
      ErrorCode.DisclosureNotEditable,
      '已公开的内容不能直接修改，请发布新版本',
      true,
      {
        versionsPath: `/api/v1/disclosures/${d._id.toHexString()}/versions`,
      },
    )
  }
  return new AppError(409, ErrorCode.DisclosureNotEditable, '当前状态不能修改')
}
