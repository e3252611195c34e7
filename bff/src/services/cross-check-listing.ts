import { Types } from 'mongoose'
import type { CrossCheckKindDto, CrossCheckListQuery, CrossCheckStatus } from '@cunwu/domain'
import {
  codePrefix,
  CROSS_CHECK_KIND_ORDER,
  ErrorCode,
  isDivisionCode,
  levelOfCode,
  pageOf,
} from '@cunwu/domain'
import { AppError, forbidden } from '../errors'
import type { Models } from '../models'
import type { CrossCheckFinding } from '../models/CrossCheckFinding.model'
import type { FindingDetails } from '../models/cross-check-views'
import type { User } from '../models/User.model'
import { periodsWithin } from './compliance.service'
import { countyOf } from './cross-check-runs.service'

/** Staff who see and work findings: the county's and the townships' (docs/cross-checks.md). */
export const OFFICERS = ['county', 'township'] as const

/** What a viewer may see of findings: the region prefixes their county or township grants cover. */
export interface Viewer {
  user: User
  /** Prefixes of the regions the viewer's officer grants cover. */
  prefixes: string[]
}

/** Whether a viewer's grants cover a village. */
export const covers = (viewer: Pick<Viewer, 'prefixes'>, villageCode: string): boolean =>
  viewer.prefixes.some((p) => villageCode.startsWith(p))

/** The prefixes of the regions a user's county and township grants cover. */
export function officerPrefixes(user: Pick<User, 'roles'>): string[] {
  return user.roles
    .filter((g) => (OFFICERS as readonly string[]).includes(g.role))
    .map((g) => codePrefix(g.regionCode))
}

/** Still to act on, then handled: the list's first order (docs/cross-checks.md, "Order"). */
const STATUS_GROUPS: readonly CrossCheckStatus[][] = [
  ['open', 'confirmed'],
  ['resolved', 'closed'],
]

/**
 * Findings as a viewer reads them (docs/cross-checks.md): which, in what order, and what of each (the rows, names
 * and steps of the viewer's regions only). The viewer is checked by `CrossChecksService` before.
 */
export class CrossCheckListing {
  constructor(private readonly models: Models) {}

  /**
   * A page of the findings touching the region's villages (or one of them) in a period and the periods within it,
   * with how many match in all and how many of each kind. Most serious first (docs/cross-checks.md, "Order"): open
   * and confirmed before resolved and closed, then by kind (`CROSS_CHECK_KIND_ORDER`), then newest (ties, such as
   * the findings of one run, by id). Each (status group, kind) is one indexed query, counted first, so a page is
   * read from the groups it spans.
   */
  async list(regionCode: string, query: CrossCheckListQuery, viewer: Viewer) {
    const prefix = codePrefix(regionCode)
    if (query.village !== undefined) {
      if (!isDivisionCode(query.village) || levelOfCode(query.village) !== 'village')
        throw new AppError(422, ErrorCode.UnprocessableEntity, '请选择一个村（社区）')
      if (!query.village.startsWith(prefix)) throw forbidden('只能查看本辖区的核查结果')
    }
    const base = {
      countyCode: countyOf(regionCode),
      period: { $in: periodsWithin(query.period) },
      villageCodes: query.village ?? { $regex: `^${prefix}` },
    }
    const groups = STATUS_GROUPS.map((g) => g.filter((x) => !query.status || x === query.status)).filter(
      (g) => g.length > 0,
    )
    const segments = groups.flatMap((statuses) =>
      CROSS_CHECK_KIND_ORDER.map((kind) => ({ ...base, status: { $in: statuses }, kind })),
    )
    const counts = await Promise.all(
      segments.map((filter) => this.models.CrossCheckFinding.countDocuments(filter)),
    )
    const kinds = Object.fromEntries(CROSS_CHECK_KIND_ORDER.map((k) => [k, 0])) as Record<
      CrossCheckKindDto,
      number
    >
    segments.forEach((seg, i) => (kinds[seg.kind] += counts[i] ?? 0))
    const reads: Promise<CrossCheckFinding[]>[] = []
    let skip = query.offset
    let room = query.limit
    let total = 0
    segments.forEach((seg, i) => {
      const n = counts[i] ?? 0
      if (query.kind && seg.kind !== query.kind) return
      total += n
      if (room === 0 || skip >= n) {
        skip = Math.max(0, skip - n)
        return
      }
      const take = Math.min(room, n - skip)
      reads.push(
        this.models.CrossCheckFinding.find(seg)
          .sort({ lastSeenAt: -1, _id: -1 })
          .skip(skip)
          .limit(take)
          .lean(),
      )
      room -= take
      skip = 0
    })
    const findings = (await Promise.all(reads)).flat()
    return { viewer, findings, kinds, page: pageOf(query.offset, query.limit, total) }
  }

  /** The names of villages by code. */
  async villageNames(codes: readonly string[]): Promise<Map<string, string>> {
    const regions = await this.models.Region.find({ _id: { $in: [...new Set(codes)] } }, { name: 1 }).lean()
    return new Map(regions.map((r) => [String(r._id), r.name]))
  }

  /**
   * What the viewer may see of findings' rows: the cells of the rows in the viewer's villages (from the stored full
   * rows, never public) and the villages' names.
   */
  async details(findings: readonly CrossCheckFinding[], viewer: Viewer): Promise<FindingDetails> {
    const visible = (code: string) => covers(viewer, code)
    const ids = new Set<string>()
    const codes = new Set<string>()
    const stepUsers = new Set<string>()
    for (const f of findings) {
      for (const c of f.villageCodes) if (visible(c)) codes.add(c)
      for (const r of f.rows) if (visible(r.villageCode)) ids.add(r.disclosureId.toHexString())
      for (const s of [f.confirmation, f.resolution]) if (s) stepUsers.add(s.userId.toHexString())
    }
    const [docs, shown] = await Promise.all([
      this.models.Disclosure.find(
        { _id: { $in: [...ids].map((x) => new Types.ObjectId(x)) } },
        { rows: 1 },
      ).lean(),
      this.stepUsersShown([...stepUsers], viewer),
    ])
    return {
      visible,
      rows: new Map(docs.map((d) => [d._id.toHexString(), d.rows ?? []])),
      names: await this.villageNames([...codes]),
      stepShown: (userId) => shown.has(userId),
    }
  }

  /**
   * The users whose workflow steps the viewer reads whole: those with an officer grant over or within one of the
   * viewer's (the county for a township, a township for the county); not another township's officer.
   */
  private async stepUsersShown(ids: readonly string[], viewer: Viewer): Promise<Set<string>> {
    if (ids.length === 0) return new Set()
    const users = await this.models.User.find(
      { _id: { $in: ids.map((x) => new Types.ObjectId(x)) } },
      { roles: 1 },
    ).lean()
    const related = (p: string) => viewer.prefixes.some((q) => p.startsWith(q) || q.startsWith(p))
    return new Set(users.filter((u) => officerPrefixes(u).some(related)).map((u) => u._id.toHexString()))
  }
}
