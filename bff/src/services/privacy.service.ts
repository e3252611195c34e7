import { Types } from 'mongoose'
import type { CorrectionCreateReq, PrivacyPolicyDto, PrivacyStatusDto } from '@cunwu/domain'
import {
  DEFAULT_PRIVACY_CONTACT,
  ErrorCode,
  PRIVACY_POLICY_EFFECTIVE_DATE,
  PRIVACY_POLICY_VERSION,
  privacyPolicySections,
  privacyStatusOf,
} from '@cunwu/domain'
import { AppError, conflict, forbidden, notFound } from '../errors'
import { insertWithinLimit } from '../lib/limit-slots'
import type { Models } from '../models'
import type { CorrectionRequest } from '../models/CorrectionRequest.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { NotificationsService } from './notifications.service'
import { regionNames } from './regions.service'

/** Open correction requests one person may have at a time: enough for real needs, bounded against flooding. */
export const MAX_OPEN_CORRECTIONS = 10

/** How many of a village's correction requests its list shows (newest first). */
const CORRECTION_LIST_LIMIT = 200

/** A correction request with the name of its village (for the page that lists it). */
export interface NamedCorrection {
  correction: CorrectionRequest
  villageName: string | undefined
}

/** The privacy policy, its acceptance, and correction requests that reach the village secretary. */
export class PrivacyService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      notifications: NotificationsService
      contact: string | undefined
    },
  ) {}

  /** The current policy text with the configured contact. */
  policy(): PrivacyPolicyDto {
    const contact = this.deps.contact ?? DEFAULT_PRIVACY_CONTACT
    return {
      version: PRIVACY_POLICY_VERSION,
      effectiveDate: PRIVACY_POLICY_EFFECTIVE_DATE,
      title: '村务通隐私政策',
      sections: privacyPolicySections(contact),
      contact,
    }
  }

  /** Whether the signed-in person must (again) accept the policy. */
  status(user: User): PrivacyStatusDto {
    return privacyStatusOf(user.privacyConsents ?? [])
  }

  /**
   * Records that the person accepted `version`, which must be the current one (409 otherwise: the text they
   * read is not the text in force). Accepting the same version again records nothing new.
   */
  async accept(user: User, version: string, actor: Actor): Promise<PrivacyStatusDto> {
    if (version !== PRIVACY_POLICY_VERSION) {
      throw conflict('隐私政策已经更新，请重新阅读后再同意', ErrorCode.PrivacyPolicyOutdated)
    }
    const acceptedAt = new Date()
    // The filter makes a repeated acceptance of the same version a no-op; earlier versions stay as history.
    const res = await this.deps.models.User.updateOne(
      { _id: user._id, 'privacyConsents.policyVersion': { $ne: version } },
      { $push: { privacyConsents: { policyVersion: version, acceptedAt } } },
    )
    if (res.modifiedCount === 1) {
      await this.deps.audit.record(actor, {
        action: 'privacy.accept',
        targetType: 'user',
        targetId: user._id.toHexString(),
        regionCode: null,
        data: { policyVersion: version },
      })
    }
    const fresh = await this.deps.models.User.findById(user._id, { privacyConsents: 1 }).lean()
    return privacyStatusOf((fresh ?? user).privacyConsents ?? [])
  }

  /**
   * Records a request to correct or delete what a village holds about the person and tells the village's
   * secretaries (inbox and WeChat message). Only a member (or applicant) of that village may ask there.
   */
  async requestCorrection(user: User, req: CorrectionCreateReq, actor: Actor): Promise<NamedCorrection> {
    const membership = await this.deps.models.Membership.findOne({
      userId: user._id,
      villageCode: req.villageCode,
    }).lean()
    if (!membership) throw forbidden('您不是这个村的村民，不能向这个村申请更正')
    const Corrections = this.deps.models.CorrectionRequest
    const doc: CorrectionRequest = {
      _id: new Types.ObjectId(),
      userId: user._id,
      villageCode: req.villageCode,
      name: membership.name,
      kind: req.kind,
      target: req.target,
      text: req.text,
      status: 'open',
      createdAt: new Date(),
    }
    // At most MAX_OPEN_CORRECTIONS open, exactly, however many arrive at once (lib/limit-slots.ts); the place is
    // given back by the write that marks the request done (resolveCorrection).
    await insertWithinLimit({
      scope: `correction:${user._id.toHexString()}`,
      limit: MAX_OPEN_CORRECTIONS,
      active: () => Corrections.find({ userId: user._id, status: 'open' }, { limitSlot: 1 }).lean(),
      full: () =>
        new AppError(
          429,
          ErrorCode.TooManyCorrections,
          `您已有 ${MAX_OPEN_CORRECTIONS} 条申请还在处理中，请等村里处理后再提`,
        ),
      insert: async (limitSlot) => {
        doc.limitSlot = limitSlot
        await Corrections.create(doc)
      },
    })
    await this.deps.audit.record(actor, {
      action: 'privacy.correction_requested',
      targetType: 'correction',
      targetId: doc._id.toHexString(),
      regionCode: req.villageCode,
      data: { kind: req.kind },
    })
    // Keyed by the request id: a retry after a failure here adds nothing twice (see publishEvent).
    await this.deps.notifications.publishEvent({
      type: 'correction.requested',
      id: `correction.requested:${doc._id.toHexString()}`,
      villageCode: req.villageCode,
      title: req.kind === 'delete' ? '删除信息' : '更正信息',
      correctionId: doc._id.toHexString(),
      name: membership.name,
    })
    const names = await regionNames(this.deps.models, [req.villageCode])
    return { correction: doc, villageName: names.get(req.villageCode) }
  }

  /** The village a correction request belongs to (for authorization), or undefined when there is none. */
  async villageOfCorrection(id: string): Promise<string | undefined> {
    if (!Types.ObjectId.isValid(id)) return undefined
    const doc = await this.deps.models.CorrectionRequest.findById(id, { villageCode: 1 }).lean()
    return doc?.villageCode
  }

  /** Marks a correction request handled (the secretary corrected the record or explained why not). */
  async resolveCorrection(id: string, actor: Actor): Promise<NamedCorrection> {
    const doc = await this.deps.models.CorrectionRequest.findOneAndUpdate(
      { _id: id },
      { $set: { status: 'done', limitSlot: null } },
      { returnDocument: 'after' },
    ).lean()
    if (!doc) throw notFound('更正申请')
    await this.deps.audit.record(actor, {
      action: 'privacy.correction_done',
      targetType: 'correction',
      targetId: id,
      regionCode: doc.villageCode,
      data: {},
    })
    const names = await regionNames(this.deps.models, [doc.villageCode])
    return { correction: doc, villageName: names.get(doc.villageCode) }
  }

  /** A village's correction requests, newest first, for its secretary. */
  async listCorrections(villageCode: string): Promise<NamedCorrection[]> {
    const list = await this.deps.models.CorrectionRequest.find({ villageCode })
      .sort({ createdAt: -1 })
      .limit(CORRECTION_LIST_LIMIT)
      .lean()
    const names = await regionNames(this.deps.models, [villageCode])
    return list.map((c) => ({ correction: c, villageName: names.get(villageCode) }))
  }
}

/** Builds the service (the composition root and tests call this). */
export function createPrivacyService(deps: {
  models: Models
  audit: AuditService
  notifications: NotificationsService
  contact: string | undefined
}): PrivacyService {
  return new PrivacyService(deps)
}
