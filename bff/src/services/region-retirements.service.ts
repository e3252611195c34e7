import { Types } from 'mongoose'
import type { RegionRetirementReq } from '@cunwu/domain'
import { ErrorCode, parentCode, retirementNotice, shanghaiDateOf } from '@cunwu/domain'
import { AppError, conflict, notFound } from '../errors'
import type { Models } from '../models'
import type { Region, RegionRetirement } from '../models/Region.model'
import { subscriptionActiveKey } from '../models/Subscription.model'
import type { RoleGrant } from '../models/User.model'
import { isDuplicateKey } from '../lib/db-writes'
import type { GrantEnding, StandInRule } from '../policies/region.policy'
import type { Actor, AuditService } from './audit.service'
import type { NotificationsService } from './notifications.service'
import { withCurrentMergedIntoNames } from './regions.service'

/** What a region of each level is called in refusals: 村 for a village, 乡镇 for a township. */
const WORD = { village: '村', township: '乡镇' } as const

/**
 * Retiring a region (撤并): a village merged into another village, or a township into another township of its county
 * (docs/catalog.md "A retired village", docs/api.md "Retiring a merged region"). Recording it is one write of the
 * region; what follows from it once the day has come is derived or settled here:
 * - the grants on the region itself stop allowing writes from `retiredOn` (`endedGrantsOf`, read by each request
 *   that writes; reading stays possible), with nothing stored on the grants, so a correction or an undo takes
 *   effect at once and a grant made later is ended the same way;
 * - the follows of a retired village move to the village it merged into for people who are villagers there, and end
 *   for everyone else; each person is told once in the inbox (`settleFollows`). Run when the retirement is recorded
 *   on or after its day, and by the upkeep for one recorded in advance or cut off midway: each step is idempotent.
 */
export class RegionRetirementsService {
  constructor(
    private readonly deps: {
      models: Models
      audit: AuditService
      notifications: NotificationsService
      now: () => Date
    },
  ) {}

  private today(): string {
    return shanghaiDateOf(this.deps.now())
  }

  /**
   * Retires a village or a township from `retiredOn`, or corrects the date or the region it merged into. The route has
   * checked that the caller is an admin covering it (admins hold county grants or above, so a township is retired by
   * the county). 422 `region_not_village` for a county or above; the region taking it over must be another of its
   * level that is not retired (a township: of the same county), else 422 `merge_target_invalid`. A township is
   * retired only once none of its villages is on its own (409 `township_has_villages`): its villages' codes change
   * with the new code table, each merged into its new code first. Audited `region.retire`. Sent again it finishes
   * the follows a failure left (nothing else is written twice).
   */
  async retire(code: string, req: RegionRetirementReq, actor: Actor): Promise<Region> {
    const before = await this.get(code)
    if (before.level !== 'village' && before.level !== 'township')
      throw new AppError(
        422,
        ErrorCode.RegionNotVillage,
        '只能撤并村（社区）和乡镇（街道），县以上的调整请联系系统维护人员',
      )
    const word = WORD[before.level]
    const mergedInto = req.mergedInto ?? null
    let mergedIntoName: string | null = null
    if (mergedInto !== null) {
      if (mergedInto === code)
        throw new AppError(
          422,
          ErrorCode.MergeTargetInvalid,
          `不能并入本${word}自己，请选择接收本${word}的另一个${word}`,
        )
      const target = await this.deps.models.Region.findById(mergedInto, {
        name: 1,
        level: 1,
        retirement: 1,
      }).lean()
      if (!target || target.level !== before.level)
        throw new AppError(
          422,
          ErrorCode.MergeTargetInvalid,
          `并入的${word}不存在，请核对并入${word}的区划代码`,
        )
      if (before.level === 'township' && parentCode(mergedInto) !== before.parentCode)
        throw new AppError(422, ErrorCode.MergeTargetInvalid, '乡镇只能并入同一个县的另一个乡镇')
      if (target.retirement)
        throw new AppError(
          422,
          ErrorCode.MergeTargetInvalid,
          `${target.name}已经撤并，不能再并入，请选择现在的${word}`,
        )
      mergedIntoName = target.name
    }
    if (before.level === 'township') await this.refuseLiveVillages(code)
    const retirement: RegionRetirement = {
      retiredOn: req.retiredOn,
      mergedInto,
      mergedIntoName,
      reason: req.reason,
    }
    const updated = await this.deps.models.Region.findOneAndUpdate(
      { _id: code },
      { $set: { retirement } },
      { returnDocument: 'after', runValidators: true },
    ).lean()
    if (!updated) throw notFound('地区')
    const was = before.retirement ?? null
    if (was?.retiredOn !== retirement.retiredOn || was.mergedInto !== retirement.mergedInto) {
      await this.deps.audit.record(actor, {
        action: 'region.retire',
        targetType: 'region',
        targetId: code,
        regionCode: code,
        data: {
          retiredOn: retirement.retiredOn,
          mergedInto,
          mergedIntoName,
          reason: req.reason,
          previous: was ? { retiredOn: was.retiredOn, mergedInto: was.mergedInto } : null,
        },
      })
    }
    if (retirement.retiredOn <= this.today()) await this.settleFollows(updated)
    return updated
  }

  /**
   * Undoes a retirement entered by mistake: the region owes its periods again and its grants allow writing again, as
   * if it had never been retired (follows already moved or ended stay so: each person was told). 409
   * `region_not_retired` when it is not retired. Audited `region.reinstate` with the retirement undone.
   */
  async reinstate(code: string, reason: string, actor: Actor): Promise<Region> {
    const before = await this.get(code)
    const was = before.retirement ?? null
    const updated = await this.deps.models.Region.findOneAndUpdate(
      { _id: code, retirement: { $ne: null } },
      { $set: { retirement: null } },
      { returnDocument: 'after' },
    ).lean()
    if (!updated || was === null) throw conflict('这里没有撤并，不需要撤销', ErrorCode.RegionNotRetired)
    await this.deps.audit.record(actor, {
      action: 'region.reinstate',
      targetType: 'region',
      targetId: code,
      regionCode: code,
      data: { reason, previous: { retiredOn: was.retiredOn, mergedInto: was.mergedInto } },
    })
    return updated
  }

  /**
   * The grants among `grants` whose own region was retired on or before today, each with what the refusal of a
   * write says (`GrantEnding`): one query, only for people holding grants. A grant covering a retired region from
   * above (the township over a merged village) is not ended.
   */
  async endedGrantsOf(grants: readonly RoleGrant[]): Promise<Map<string, GrantEnding>> {
    const out = new Map<string, GrantEnding>()
    if (grants.length === 0) return out
    const today = this.today()
    const retired = await this.deps.models.Region.find(
      {
        _id: { $in: [...new Set(grants.map((g) => g.regionCode))] },
        'retirement.retiredOn': { $lte: today },
      },
      { name: 1, retirement: 1 },
    ).lean()
    for (const r of await withCurrentMergedIntoNames(this.deps.models, retired)) {
      if (!r.retirement) continue
      out.set(r._id, {
        retiredOn: r.retirement.retiredOn,
        notice: retirementNotice(r.retirement, today, r.name),
      })
    }
    return out
  }

  /**
   * Who publishes in place of village `code` what it still owes once it was retired, on or before today
   * (`mayPublishInPlace` in @cunwu/domain; the authorization's stand-in, middlewares/auth.ts): the secretary of the
   * village it merged into, and the township or county above it (for a village abolished without one, the only
   * ones). None for a village not retired yet, or not a village.
   */
  async standInsFor(code: string): Promise<StandInRule[]> {
    const region = await this.deps.models.Region.findOne(
      { _id: code, level: 'village', 'retirement.retiredOn': { $lte: this.today() } },
      { retirement: 1 },
    ).lean()
    if (!region?.retirement) return []
    const into = region.retirement.mergedInto
    const above: StandInRule = { roles: ['township', 'county'], regionCode: code }
    return into ? [{ roles: ['secretary'], regionCode: into }, above] : [above]
  }

  /** The retirement days of the regions a list of people holds roles in, by code (the admin's 人员与权限). */
  async retiredOnOf(codes: readonly string[]): Promise<Map<string, string>> {
    const retired = await this.deps.models.Region.find(
      { _id: { $in: [...new Set(codes)] }, retirement: { $ne: null } },
      { retirement: 1 },
    ).lean()
    return new Map(retired.flatMap((r) => (r.retirement ? [[r._id, r.retirement.retiredOn] as const] : [])))
  }

  /**
   * The upkeep's step: the follows of every village retired on or before today still followed (one recorded in
   * advance whose day has come, or one a failure left half settled). Returns how many people were told.
   */
  async settleDue(): Promise<number> {
    const due = await this.deps.models.Region.find(
      { level: 'village', 'retirement.retiredOn': { $lte: this.today() } },
      { name: 1, retirement: 1 },
    ).lean()
    let told = 0
    for (const village of due) {
      if (await this.deps.models.Subscription.exists({ villageCode: village._id, endedAt: null }))
        told += await this.settleFollows(village)
    }
    return told
  }

  /**
   * Moves or ends the follows of a retired village, person by person, telling each first (the inbox entry is keyed
   * by the village, its day and the person, so telling again adds nothing). A person who is a villager of the village
   * it merged into (a grant there not itself ended) follows the same categories and items there, in a new follow
   * (the ended one keeps what it was told); everyone else's follows there end. A new follow is written before the old
   * one ends, so a failure between the two is finished by the next run. Returns how many people were told.
   */
  async settleFollows(village: Pick<Region, '_id' | 'name' | 'retirement'>): Promise<number> {
    const r = village.retirement
    if (!r) return 0
    const { Subscription, User } = this.deps.models
    const follows = await Subscription.find({ villageCode: village._id, endedAt: null }).lean()
    if (follows.length === 0) return 0
    const userIds = [...new Set(follows.map((f) => f.userId.toHexString()))].map(
      (id) => new Types.ObjectId(id),
    )
    const into = r.mergedInto
    const intoVillagers = new Set<string>()
    // Not into a village retired since (its own follows are settled in turn).
    if (
      into &&
      !(await this.deps.models.Region.exists({ _id: into, 'retirement.retiredOn': { $lte: this.today() } }))
    ) {
      const villagers = await User.find(
        { _id: { $in: userIds }, roles: { $elemMatch: { role: 'villager', regionCode: into } } },
        { _id: 1 },
      ).lean()
      for (const u of villagers) intoVillagers.add(u._id.toHexString())
    }
    const [named] = await withCurrentMergedIntoNames(this.deps.models, [village])
    const intoName = named?.retirement?.mergedIntoName ?? r.mergedIntoName
    for (const userId of userIds) {
      const moves = into !== null && intoVillagers.has(userId.toHexString())
      const theirs = follows.filter((f) => f.userId.equals(userId))
      await this.deps.notifications.publishEvent({
        type: 'follows.merged',
        id: `follows.merged:${village._id}:${r.retiredOn}:${userId.toHexString()}`,
        villageCode: village._id,
        title: village.name,
        retiredOn: r.retiredOn,
        mergedInto: moves ? into : null,
        mergedIntoName: intoName,
        followed: theirs.length,
        recipientIds: [userId.toHexString()],
      })
      for (const f of theirs) {
        if (moves && into) {
          const moved = { userId, villageCode: into, kind: f.kind, targetId: f.targetId }
          // Without a numbered place: the person's count is unchanged by the move, and follows without one count.
          await upsertIgnoringRace(() =>
            Subscription.updateOne(
              { activeKey: subscriptionActiveKey(moved) },
              { $setOnInsert: { ...moved, createdAt: new Date(), endedAt: null } },
              { upsert: true },
            ),
          )
        }
        await Subscription.updateOne(
          { _id: f._id, endedAt: null },
          { $set: { endedAt: new Date(), activeKey: null, limitSlot: null } },
        )
      }
    }
    return userIds.length
  }

  private async get(code: string): Promise<Region> {
    const r = await this.deps.models.Region.findById(code).lean()
    if (!r) throw notFound('地区')
    return r
  }

  /** 409 when a township still has villages on their own (no retirement recorded, for whatever day). */
  private async refuseLiveVillages(code: string): Promise<void> {
    const live = await this.deps.models.Region.countDocuments({ parentCode: code, retirement: null })
    if (live === 0) return
    throw new AppError(
      409,
      ErrorCode.TownshipHasVillages,
      `这个乡镇下还有 ${live} 个村（社区）没有撤并，不能撤并乡镇。乡镇撤并后，村的区划代码会随新的区划代码表改变：请先导入新的区划代码，把每个村并入它在接收乡镇下的新代码，再撤并这个乡镇`,
    )
  }
}

/** Runs an upsert once more when a concurrent upsert of the same key won the race (then it finds that one). */
async function upsertIgnoringRace(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
}
