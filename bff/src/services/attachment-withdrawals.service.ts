import { Types } from 'mongoose'
import { ErrorCode, isPublicDisclosureStatus } from '@cunwu/domain'
import { conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Disclosure, WithdrawnAttachment } from '../models/Disclosure.model'
import type { AttachmentsService } from './attachments.service'
import type { Actor, AuditService } from './audit.service'
import { refuseMinorDetails } from './public-text'

/**
 * Taking down an attachment published by mistake (a photo of an ID or bank card): records are immutable, files
 * that expose someone are not. The file leaves every version of the series that carries it (drafts and versions
 * under review too, so a correction does not carry it forward), and every consultation that borrowed it; the public
 * versions keep 附件已撤下 with the reason; then its bytes are deleted. docs/versions.md, "Withdrawing an attachment".
 */
export class AttachmentWithdrawalsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      attachments: Pick<AttachmentsService, 'deleteFile'>
      /** A version's public view changed: the read cache reloads the series (feed.invalidateVillage). */
      onChanged?: (regionCode: string, seriesKey: string) => Promise<void> | void
    },
  ) {}

  /**
   * Withdraws attachment `fileId` of the public version `disclosureId` with a reason everyone sees. A retry of a
   * withdrawal that stopped half-way finishes it before answering 409 (the file is already down).
   */
  async withdraw(
    disclosureId: string,
    fileId: string,
    reason: string,
    actor: Actor,
  ): Promise<WithdrawnAttachment> {
    const { models } = this.deps
    const d = await models.Disclosure.findById(disclosureId, {
      status: 1,
      regionCode: 1,
      seriesKey: 1,
      attachments: 1,
      withdrawnAttachments: 1,
    }).lean()
    if (!d) throw notFound('公开内容')
    if (!Types.ObjectId.isValid(fileId)) throw notFound('附件')
    const fid = new Types.ObjectId(fileId)
    const attachment = d.attachments.find((a) => a.fileId.equals(fid))
    const earlier = (d.withdrawnAttachments ?? []).find((w) => w.fileId.equals(fid))
    if (!attachment && !earlier) throw notFound('附件')
    if (!isPublicDisclosureStatus(d.status)) {
      throw conflict('草稿和待审核内容的附件请直接删除，不用撤下', ErrorCode.InvalidTransition)
    }
    refuseMinorDetails(reason, '撤下原因')
    // The withdrawal is claimed by one conditional write on the named version: of requests sent at once exactly one
    // pulls the file and records its reason; the others find it already withdrawn (409 below) and are not audited.
    let withdrawal = earlier
    if (!withdrawal) {
      const mine: WithdrawnAttachment = { fileId: fid, reason, withdrawnAt: new Date() }
      const claimed = await models.Disclosure.updateOne(
        { _id: d._id, 'attachments.fileId': fid },
        { $pull: { attachments: { fileId: fid } }, $push: { withdrawnAttachments: mine } },
      )
      if (claimed.modifiedCount === 1) withdrawal = mine
    }
    const won = !earlier && withdrawal !== undefined
    if (!withdrawal) {
      const now = await models.Disclosure.findById(d._id, { withdrawnAttachments: 1 }).lean()
      withdrawal = (now?.withdrawnAttachments ?? []).find((w) => w.fileId.equals(fid))
      if (!withdrawal) throw notFound('附件')
    }
    const versions = await this.takeDown(d, withdrawal)
    if (won) {
      await this.deps.audit.record(actor, {
        action: 'disclosure.attachment_withdraw',
        targetType: 'disclosure',
        targetId: disclosureId,
        regionCode: d.regionCode,
        data: {
          fileId,
          filename: attachment?.filename ?? null,
          reason,
          versions: [d._id, ...versions.filter((v) => !v.equals(d._id))].map((v) => v.toHexString()),
        },
      })
    }
    await this.deps.attachments.deleteFile(fid)
    await this.deps.onChanged?.(d.regionCode, d.seriesKey)
    if (!won) throw conflict('这个附件已经撤下了', ErrorCode.InvalidTransition)
    return withdrawal
  }

  /**
   * Removes the file from every version of the series and every consultation that lists it; public versions note
   * the withdrawal. Each write is conditional on the file still being listed, so repeating it changes nothing.
   */
  private async takeDown(
    d: Pick<Disclosure, 'seriesKey'>,
    withdrawal: WithdrawnAttachment,
  ): Promise<Types.ObjectId[]> {
    const { models } = this.deps
    const fid = withdrawal.fileId
    const carrying = await models.Disclosure.find(
      { seriesKey: d.seriesKey, 'attachments.fileId': fid },
      { _id: 1, status: 1 },
    ).lean()
    const isPublic = carrying.filter((v) => isPublicDisclosureStatus(v.status)).map((v) => v._id)
    const open = carrying.filter((v) => !isPublicDisclosureStatus(v.status)).map((v) => v._id)
    if (isPublic.length) {
      await models.Disclosure.updateMany(
        { _id: { $in: isPublic }, 'attachments.fileId': fid },
        { $pull: { attachments: { fileId: fid } }, $push: { withdrawnAttachments: withdrawal } },
      )
    }
    // A draft or a version under review started from it just loses the file: a correction carries it forward only
    // when attached again.
    if (open.length) {
      await models.Disclosure.updateMany(
        { _id: { $in: open }, 'attachments.fileId': fid },
        { $pull: { attachments: { fileId: fid } } },
      )
    }
    await models.Consultation.updateMany(
      { 'attachments.fileId': fid },
      { $pull: { attachments: { fileId: fid } } },
    )
    return carrying.map((v) => v._id)
  }
}
