import { ErrorCode, findCatalogItem } from '@cunwu/domain'
import { AppError, badRequest, notFound } from '../errors'
import type { Models } from '../models'
import { regionPrefix } from '../policies/region.policy'
import { isHonoured } from './invites.service'

/** At most this many villages' posters go into one print job (a township has tens; a county asks per township). */
export const MAX_POSTERS_PER_JOB = 100

/** What is printed: the township's posters of every village for one item and period, and a join invite. */
export class PostersService {
  constructor(private readonly deps: { models: Models }) {}

  /** Ids of the current (published or expired) village disclosures under the region, by village code. */
  async currentIds(regionCode: string, catalogItemId: string, period: string): Promise<string[]> {
    if (!findCatalogItem(catalogItemId)) throw notFound('公开事项')
    const list = await this.deps.models.Disclosure.find(
      {
        regionCode: { $regex: `^${regionPrefix(regionCode)}` },
        catalogItemId,
        period,
        status: { $in: ['published', 'expired'] },
      },
      { _id: 1, regionCode: 1 },
    )
      .sort({ regionCode: 1 })
      .limit(MAX_POSTERS_PER_JOB + 1)
      .lean()
    if (list.length > MAX_POSTERS_PER_JOB)
      throw badRequest(`一次最多打印 ${MAX_POSTERS_PER_JOB} 个村的公示，请按乡镇分别下载`)
    if (!list.length) throw notFound('该期公示')
    return list.map((d) => d._id.toHexString())
  }

  /** What a printed join invite shows; 404 for an unknown code, 410 once it is used, expired or no longer honoured. */
  async invite(scene: string): Promise<{ villageName: string; name: string; expiresAt: Date }> {
    const invite = await this.deps.models.Invite.findById(scene).lean()
    if (!invite) throw notFound('邀请码')
    const maker = await this.deps.models.User.findById(invite.createdBy, { roles: 1 }).lean()
    if (invite.usedBy || invite.expiresAt <= new Date() || invite.cancelledAt || !isHonoured(invite, maker))
      throw new AppError(410, ErrorCode.InviteUnavailable, '这个邀请码已用过、已过期或已作废，请重新生成')
    const village = await this.deps.models.Region.findById(invite.villageCode, { name: 1 }).lean()
    return { villageName: village?.name ?? '', name: invite.name, expiresAt: invite.expiresAt }
  }
}
