import type { AlignmentVerifyReq } from '@cunwu/domain'
import { ErrorCode, findCatalogItem, redactSensitiveNumbers } from '@cunwu/domain'
import { AppError, conflict } from '../errors'
import type { Models } from '../models'
import type { Alignment, AlignmentAction } from '../models/Alignment.model'
import type { User } from '../models/User.model'
import { mayActIn } from '../policies/region.policy'
import type { AlignmentsService } from './alignments.service'
import type { Actor, AuditService } from './audit.service'
import type { ComplianceService } from './compliance.service'
import type { NotificationsService } from './notifications.service'

/** The action of `user` on the alignment of village `villageCode`, with whose office acted (township or county). */
function actionOf(user: User, villageCode: string, text: string | null): AlignmentAction {
  return {
    userId: user._id,
    name: user.displayName,
    at: new Date(),
    text: text === null ? null : redactSensitiveNumbers(text),
    level: mayActIn(user.roles, ['township'], villageCode) ? 'township' : 'county',
  }
}

/** 409 alignment_stale for an alignment changed since the officer loaded it, though not on either side's version. */
function actedMeanwhile(revision: number | null): AppError {
  return new AppError(
    409,
    ErrorCode.AlignmentStale,
    '这条对照刚刚有人处理过或已重新比对，请刷新后再看',
    true,
    revision === null ? undefined : { revision },
  )
}

/**
 * Township verification of alignments: a verification holds only for the comparison it names (fingerprint and
 * both versions); `AlignmentsService.recompute` drops it when either side changes.
 */
export class AlignmentVerificationsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      notifications: Pick<NotificationsService, 'publishEvent'>
      alignments: Pick<AlignmentsService, 'load'>
      compliance: Pick<ComplianceService, 'sync'>
      /** Called after an alignment changed, with its village and key (AlignmentsService's `onChanged`). */
      onChanged?: (villageCode: string, series: string) => void
    },
  ) {}

  /**
   * Township verification: confirm a consistent comparison, ask the village to correct discrepancies, or resolve
   * them with a reason. The request names the fingerprint, versions and revision it saw; a changed comparison, or
   * another officer's action since, is a 409 and writes, audits and tells nothing.
   */
  async verify(id: string, req: AlignmentVerifyReq, user: User, actor: Actor): Promise<Alignment> {
    const { Alignment: Alignments } = this.deps.models
    const a = await this.deps.alignments.load(id)
    if (!a.disclosureId || !a.governmentItemId) {
      throw conflict('村里和乡镇/县都公开后才能核验', ErrorCode.InvalidTransition)
    }
    if (
      req.fingerprint !== a.fingerprint ||
      req.disclosureVersion !== a.disclosureVersion ||
      req.governmentVersion !== a.governmentVersion
    ) {
      throw new AppError(
        409,
        ErrorCode.AlignmentStale,
        '对照结果已更新（村里或政府发布了新版本），请刷新后再核验',
        true,
        {
          fingerprint: a.fingerprint,
          disclosureVersion: a.disclosureVersion,
          governmentVersion: a.governmentVersion,
        },
      )
    }
    // Another officer's action (or a recompute) since this one loaded it: their result stands and is shown on reload.
    if (req.revision !== a.revision) throw actedMeanwhile(a.revision)
    let set: Partial<Alignment>
    if (req.action === 'confirm') {
      if (a.status !== 'consistent')
        throw conflict('存在差异，不能确认一致；请要求村里更正或说明理由', ErrorCode.InvalidTransition)
      set = {
        verification: { ...actionOf(user, a.villageCode, req.comment ?? null), action: 'confirmed' },
        correction: null,
      }
    } else if (req.action === 'request_correction') {
      if (a.status !== 'inconsistent') throw conflict('没有差异，不需要更正', ErrorCode.InvalidTransition)
      set = { correction: actionOf(user, a.villageCode, req.comment), verification: null }
    } else {
      if (a.status !== 'inconsistent') throw conflict('没有差异，请直接确认一致', ErrorCode.InvalidTransition)
      set = { verification: { ...actionOf(user, a.villageCode, req.reason), action: 'resolved' } }
    }
    // Written only on the revision the officer saw: of two acting at once, one is saved, audited and notified.
    const saved = await Alignments.findOneAndUpdate(
      { _id: a._id, revision: req.revision, fingerprint: a.fingerprint },
      { $set: set, $inc: { revision: 1 } },
      { returnDocument: 'after' },
    ).lean()
    if (!saved) throw actedMeanwhile(null)
    await this.deps.audit.record(actor, {
      action: `alignment.${req.action}`,
      targetType: 'alignment',
      targetId: id,
      regionCode: a.villageCode,
      data: {
        fingerprint: a.fingerprint,
        disclosureVersion: a.disclosureVersion,
        governmentVersion: a.governmentVersion,
        text: req.action === 'resolve' ? req.reason : (req.comment ?? null),
      },
    })
    const item = findCatalogItem(a.catalogItemId)
    if (req.action === 'request_correction' && item) {
      await this.deps.notifications.publishEvent({
        type: 'alignment.discrepancy',
        id: `alignment.correction:${id}:${saved.revision}`,
        villageCode: a.villageCode,
        title: item.name,
        itemId: item.id,
        alignmentId: id,
        detail: `${saved.correction?.level === 'county' ? '县' : '乡镇'}要求更正：${redactSensitiveNumbers(req.comment)}`,
      })
    }
    if (item) await this.deps.compliance.sync(a.villageCode, item, a.period)
    this.deps.onChanged?.(a.villageCode, a.key)
    return saved
  }
}
