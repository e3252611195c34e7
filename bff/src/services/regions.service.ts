import type { Region as RegionDto } from '@cunwu/domain'
import { parseRegionCsv } from '@cunwu/domain'
import { AppError, forbidden, notFound } from '../errors'
import { ErrorCode } from '@cunwu/domain'
import type { Models } from '../models'
import { regionUpsert } from '../models/Region.model'
import type { Region, RegionRetirement } from '../models/Region.model'
import type { User } from '../models/User.model'
import { mayActIn } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'

/** Names of regions by code, in one query (codes that do not exist are left out). */
export async function regionNames(
  models: Pick<Models, 'Region'>,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const regions = await models.Region.find({ _id: { $in: [...new Set(codes)] } }, { name: 1 }).lean()
  return new Map(regions.map((r) => [r._id, r.name]))
}

/**
 * The regions with each retirement's `mergedIntoName` read now from the village merged into, in one query, so a
 * renaming of that village after the retirement shows in every answer (the stored name, the one when the retirement
 * was entered, is kept only when that village no longer exists).
 */
export async function withCurrentMergedIntoNames<R extends { retirement?: RegionRetirement | null }>(
  models: Pick<Models, 'Region'>,
  regions: R[],
): Promise<R[]> {
  const codes = regions.flatMap((r) => (r.retirement?.mergedInto ? [r.retirement.mergedInto] : []))
  if (codes.length === 0) return regions
  const names = await regionNames(models, codes)
  return regions.map((r) => {
    const into = r.retirement?.mergedInto
    if (!r.retirement || !into) return r
    return {
      ...r,
      retirement: { ...r.retirement, mergedIntoName: names.get(into) ?? r.retirement.mergedIntoName },
    }
  })
}

/**
 * Names of regions as `regionNames`, each kept by this instance for `keepMs` after it was read (the public answers
 * they go into may be PUBLIC_CACHE_MS old anyway): a feed, item or search loaded again after every publication in
 * its region reads no region. At most `maxKept` codes; past it the memory starts over.
 */
export class RegionNameMemo {
  private readonly kept = new Map<string, { name: string | null; until: number }>()

  constructor(
    private readonly models: Pick<Models, 'Region'>,
    private readonly keepMs: number,
    private readonly maxKept = 50_000,
  ) {}

  async names(codes: readonly string[]): Promise<Map<string, string>> {
    const now = Date.now()
    const out = new Map<string, string>()
    const missing: string[] = []
    for (const code of new Set(codes)) {
      const kept = this.kept.get(code)
      if (kept === undefined || kept.until <= now) missing.push(code)
      else if (kept.name !== null) out.set(code, kept.name)
    }
    if (missing.length === 0) return out
    const read = await regionNames(this.models, missing)
    if (this.kept.size + missing.length > this.maxKept) this.kept.clear()
    for (const code of missing) {
      const name = read.get(code) ?? null
      this.kept.set(code, { name, until: now + this.keepMs })
      if (name !== null) out.set(code, name)
    }
    return out
  }
}

/** What an import did: regions added, stored regions changed, rows equal to what is stored (nothing written). */
export interface RegionImportCounts {
  added: number
  updated: number
  unchanged: number
}

/** Regions written (and their events) per step of an import. */
const IMPORT_CHUNK = 1000

/** A region of the file as it is stored, in every field an import sets. */
type StoredRegion = Pick<Region, 'name' | 'codeYear' | 'level' | 'parentCode' | 'urbanRuralCode'>

/** Whether the file's row would change nothing of the stored region (undefined: not stored). */
function sameRegion(was: StoredRegion | undefined, r: RegionDto): boolean {
  return (
    was !== undefined &&
    was.name === r.name &&
    was.codeYear === r.codeYear &&
    was.level === r.level &&
    (was.parentCode ?? null) === (r.parentCode ?? null) &&
    (was.urbanRuralCode ?? null) === (r.urbanRuralCode ?? null)
  )
}

/**
 * The refusal of a file of an older code year, naming its first three such regions as people know them: the name
 * they have now with the code, the year of that name, and the file's year and name for them, e.g.
 * 红星村委会（区划代码 430102298002）已是2026年的名称，文件里是2012年的“红旗村委会”; then how many more.
 */
function olderYearRefusal(
  older: readonly RegionDto[],
  stored: ReadonlyMap<string, StoredRegion>,
  hint: string,
): string {
  const shown = older.slice(0, 3).map((r) => {
    const was = stored.get(r.code)
    const now = `${was?.name ?? r.name}（区划代码 ${r.code}）已是${was?.codeYear ?? ''}年的名称`
    return was && was.name !== r.name
      ? `${now}，文件里是${r.codeYear}年的“${r.name}”`
      : `${now}，文件里是${r.codeYear}年`
  })
  const more = older.length > shown.length ? `；还有 ${older.length - shown.length} 个` : ''
  return `文件的区划代码年份比已有的旧，未导入任何数据。有 ${older.length} 个地区已是更新年份的名称：${shown.join('；')}${more}。确实要用旧年份的名称覆盖，${hint}`
}

/** The region tree: lookups, children, CSV import by admins (retiring one: region-retirements.service.ts). */
export class RegionsService {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /** One region by its code. */
  async get(code: string): Promise<Region> {
    const r = await this.deps.models.Region.findById(code).lean()
    if (!r) throw notFound('地区')
    return (await withCurrentMergedIntoNames(this.deps.models, [r]))[0] ?? r
  }

  /** The direct children of a region, ordered by code. */
  async children(code: string): Promise<Region[]> {
    if (!(await this.deps.models.Region.exists({ _id: code }))) throw notFound('地区')
    const children = await this.deps.models.Region.find({ parentCode: code }).sort({ _id: 1 }).lean()
    return withCurrentMergedIntoNames(this.deps.models, children)
  }

  /**
   * Sets (or, with null, clears) a region's public office phone. The route has checked that the caller covers the
   * region; the number arrives normalised by `OfficePhoneSchema`.
   */
  async setContact(code: string, officePhone: string | null, actor: Actor): Promise<Region> {
    const before = await this.get(code)
    const updated = await this.deps.models.Region.findOneAndUpdate(
      { _id: code },
      { $set: { officePhone } },
      { returnDocument: 'after', runValidators: true },
    ).lean()
    if (!updated) throw notFound('地区')
    if ((before.officePhone ?? null) !== officePhone) {
      await this.deps.audit.record(actor, {
        action: 'region.contact',
        targetType: 'region',
        targetId: code,
        regionCode: code,
        data: { officePhone, previous: before.officePhone ?? null },
      })
    }
    return (await withCurrentMergedIntoNames(this.deps.models, [updated]))[0] ?? updated
  }

  /**
   * Inserts or updates regions from CSV; every row is checked first and nothing is saved if any fails. Answers how
   * many regions were added, updated and left unchanged (a row identical to the stored region writes nothing). A row never
   * touches a village's retirement (only the fields of the file are set), so re-importing a list that still names a
   * merged village does not bring it back. A file whose
   * code year is older than the one stored for a code it names is refused (409) unless `allowOlderCodeYear`: an
   * old list re-imported would otherwise undo later renames.
   */
  async importCsv(
    csv: string,
    admin: User,
    actor: Actor,
    options: { allowOlderCodeYear?: boolean } = {},
  ): Promise<RegionImportCounts> {
    const regions = await this.parseCsv(csv)
    const outside = regions.filter((r) => !mayActIn(admin.roles, ['admin'], r.code))
    if (outside.length > 0) throw forbidden(`有 ${outside.length} 个地区不在您的管理范围内，未导入任何数据`)
    return this.save(regions, actor, options.allowOlderCodeYear === true, '请选择“允许用旧年份覆盖”后再导入')
  }

  /**
   * The first import of an install, by the setup command (`npm run setup -- regions`, bff/src/setup.ts), which runs
   * on the server with the operator's access to its database: before it there are no regions and so no admin. The
   * same checks as `importCsv`, without an admin's region. A file of an older code year is refused unless
   * `allowOlderCodeYear`; the refusal ends with `olderYearHint`, how the setup command allows it.
   */
  async importCsvBySetup(
    csv: string,
    actor: Actor,
    options: { allowOlderCodeYear: boolean; olderYearHint: string },
  ): Promise<RegionImportCounts> {
    return this.save(await this.parseCsv(csv), actor, options.allowOlderCodeYear, options.olderYearHint)
  }

  private async parseCsv(csv: string): Promise<RegionDto[]> {
    // Rows may name a stored region as their parent (a new township under an existing county). Only regions above
    // the villages can be parents, so those are the codes read.
    const parents = await this.deps.models.Region.find({ level: { $ne: 'village' } }, { _id: 1 }).lean()
    const { regions, errors } = parseRegionCsv(csv, { existingCodes: parents.map((r) => r._id) })
    if (errors.length > 0) {
      throw new AppError(
        400,
        ErrorCode.ValidationError,
        `CSV 中有 ${errors.length} 处错误，未导入任何数据`,
        true,
        { rows: errors },
      )
    }
    return regions
  }

  private async save(
    regions: RegionDto[],
    actor: Actor,
    allowOlderCodeYear: boolean,
    /** How the caller allows an older code year, ending the refusal (the app's choice or the setup's flag). */
    olderYearHint: string,
  ): Promise<RegionImportCounts> {
    const stored = await this.deps.models.Region.find(
      { _id: { $in: regions.map((r) => r.code) } },
      { name: 1, codeYear: 1, level: 1, parentCode: 1, urbanRuralCode: 1 },
    ).lean()
    const before = new Map(stored.map((r) => [r._id, r]))
    const older = regions.filter((r) => (before.get(r.code)?.codeYear ?? 0) > r.codeYear)
    if (older.length > 0 && !allowOlderCodeYear) {
      throw new AppError(409, ErrorCode.RegionCodeYearOlder, olderYearRefusal(older, before, olderYearHint))
    }
    // Only regions added or changed are written, each with one event in that region's own trail saying what it was
    // before. Chunk by chunk, the events first: a region is never changed without its event. An import that fails
    // midway leaves the chunks before it written with their events, and may leave events of the failing chunk for
    // changes not made; sending the file again makes the changes still missing and records each of them again
    // (docs/api.md, "Regions").
    const changed = regions.filter((r) => !sameRegion(before.get(r.code), r))
    for (let i = 0; i < changed.length; i += IMPORT_CHUNK) {
      const chunk = changed.slice(i, i + IMPORT_CHUNK)
      await this.deps.audit.recordMany(
        actor,
        chunk.map((r) => {
          const was = before.get(r.code)
          return {
            action: 'region.import',
            targetType: 'region',
            targetId: r.code,
            regionCode: r.code,
            data: {
              name: r.name,
              codeYear: r.codeYear,
              previous: was ? { name: was.name, codeYear: was.codeYear } : null,
            },
          }
        }),
      )
      await this.deps.models.Region.bulkWrite(
        chunk.map((r) => regionUpsert(r)),
        { ordered: true },
      )
    }
    // What happened, row by row: a row equal to the stored region wrote nothing (and recorded no event).
    const added = changed.filter((r) => !before.has(r.code)).length
    return { added, updated: changed.length - added, unchanged: regions.length - changed.length }
  }
}

/** Builds the service (the composition root and tests call this). */
export function createRegionsService(deps: { models: Models; audit: AuditService }): RegionsService {
  return new RegionsService(deps)
}
