import type { DisclosureDto, ReviewQueueQuery } from '@cunwu/domain'
import { Types } from 'mongoose'
import { ErrorCode, levelOfCode, reviewQueueCursor } from '@cunwu/domain'
import { AppError, forbidden } from '../errors'
import type { Models } from '../models'
import type { DisclosureView } from '../models/Disclosure.model'
import { regionPrefix } from '../policies/region.policy'
import type { DisclosureAudience } from '../presenters/disclosure.presenter'
import { LIST_PROJECTION } from './disclosure-feed.service'

/**
 * The township's (or county's) review queue (`DisclosureFeedService.reviewQueue`): drafts pending review in villages
 * within its region, a page at a time, with how many there are in all (docs/api.md, "The review queue").
 */
export class ReviewQueue {
  constructor(
    private readonly deps: {
      models: Models
      /** The feed's presenter of stored views (names and badges read once per page). */
      present: (list: DisclosureView[], audience: DisclosureAudience) => Promise<DisclosureDto[]>
    },
  ) {}

  /**
   * A page of the drafts pending review in the region's villages, or in one of them (`village`), or in those whose
   * name contains `villageName`; oldest submitted first (what falls due first), drafts submitted at the same moment
   * by id. Pages are keyset: the next starts after the last draft given (`after`), so drafts decided or submitted
   * between two pages move no other draft, and walking the pages reaches every draft still pending once. A village outside the region is 403 and a code that is no
   * village 422, as in the cross-village checks' filter.
   */
  async page(regionCode: string, query: ReviewQueueQuery) {
    const prefix = regionPrefix(regionCode)
    let villages: string | { $in: string[] } | { $regex: string } = { $regex: `^${prefix}` }
    if (query.village !== undefined) {
      if (levelOfCode(query.village) !== 'village')
        throw new AppError(422, ErrorCode.UnprocessableEntity, '请选择一个村（社区）')
      if (!query.village.startsWith(prefix)) throw forbidden('只能查看本辖区待审核的内容')
      villages = query.village
    }
    if (query.villageName !== undefined) {
      const named = await this.villagesNamed(prefix, query.villageName)
      const one = typeof villages === 'string' ? villages : null
      villages = { $in: one === null ? named : named.filter((c) => c === one) }
    }
    const filter = { regionCode: villages, status: 'pending_review' as const }
    const after = query.after
    const later = after && {
      ...filter,
      $or: [
        { submittedAt: { $gt: after.submittedAt } },
        { submittedAt: after.submittedAt, _id: { $gt: new Types.ObjectId(after.id) } },
      ],
    }
    const [list, total, fromHere] = await Promise.all([
      this.deps.models.Disclosure.find(later || filter, LIST_PROJECTION)
        .sort({ submittedAt: 1, _id: 1 })
        .limit(query.limit)
        .lean(),
      this.deps.models.Disclosure.countDocuments(filter),
      later ? this.deps.models.Disclosure.countDocuments(later) : null,
    ])
    const remaining = Math.max(0, (fromHere ?? total) - list.length)
    const last = list.at(-1)
    const disclosures = await this.deps.present(
      list.map((d) => ({ ...d, rows: null })),
      'staff',
    )
    return {
      disclosures,
      page: {
        limit: query.limit,
        total,
        remaining,
        nextAfter: last && remaining > 0 ? reviewQueueCursor(last.submittedAt, String(last._id)) : null,
      },
    }
  }

  /** The codes of the villages below `prefix` whose name contains `part` (retired ones too: their drafts remain). */
  private async villagesNamed(prefix: string, part: string): Promise<string[]> {
    const villages = await this.deps.models.Region.find(
      { _id: { $regex: `^${prefix}` }, level: 'village' },
      { name: 1 },
    ).lean()
    return villages.filter((v) => v.name.includes(part)).map((v) => String(v._id))
  }
}
