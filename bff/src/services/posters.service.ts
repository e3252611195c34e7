import { findCatalogItem } from '@cunwu/domain'
import { badRequest, notFound } from '../errors'
import type { Models } from '../models'
import { regionPrefix } from '../policies/region.policy'

/** At most this many villages' posters go into one print job (a township has tens; a county asks per township). */
export const MAX_POSTERS_PER_JOB = 100

/** What the township prints: the villages' current public versions of one catalog item and period. */
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
}
