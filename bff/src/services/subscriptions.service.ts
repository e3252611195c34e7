import { Types } from 'mongoose'
import type { SubscriptionCreateReq } from '@cunwu/domain'
import { ErrorCode, findCatalogItem, listCatalogDomains } from '@cunwu/domain'
import type { Config } from '../config'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { Subscription } from '../models/Subscription.model'
import { subscriptionActiveKey } from '../models/Subscription.model'
import { isDuplicateKey } from '../lib/db-writes'
import { insertWithinLimit } from '../lib/limit-slots'
import type { User } from '../models/User.model'
import type { GrantAsSeen } from '../policies/region.policy'
import { notificationTemplates } from '../clients/wechat-subscribe-templates'
import type { TemplateDef } from '../clients/wechat-subscribe-templates'
import type { SubscriptionCredit } from '../models/SubscriptionCredit.model'

/** Runs an upsert once more when a concurrent upsert of the same key won the race. */
async function upsertOnce(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await run()
  }
}

/**
 * +1 one-time credit, once per prompt answer and up to `MAX_ONE_TIME_CREDITS`: the increment happens only when the
 * answer is not among the credit's recorded grantIds and the count is below the cap, in the same atomic update that
 * records it. WeChat keeps the real count and the BFF cannot ask for it (docs/wechat.md, subscribe messages), so
 * what the mini-program reports is a claim: one answer counts once, a claim without an answer id counts nothing, and
 * the cap bounds what a forged stream of answers can add (a 43101 on send then sets the count to zero).
 */
async function addCredit(
  SubscriptionCredit: Models['SubscriptionCredit'],
  userId: Types.ObjectId,
  templateId: string,
  requestId: string,
  now: Date,
): Promise<void> {
  const filter = {
    userId,
    templateId,
    grantIds: { $ne: requestId },
    credits: { $lt: MAX_ONE_TIME_CREDITS },
  }
  const update = {
    $inc: { credits: 1 },
    $set: { updatedAt: now },
    $setOnInsert: { unlimited: false },
    $push: { grantIds: { $each: [requestId], $slice: -GRANT_IDS_KEPT } },
  }
  for (let attempt = 0; ; attempt += 1) {
    try {
      await SubscriptionCredit.updateOne(filter, update, { upsert: true })
      return
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // 1st: a concurrent first grant created the document; try again against it. 2nd: the document exists and
      // the filter still did not match, so it already holds this requestId, or the count is at the cap.
      if (attempt >= 1) return
    }
  }
}

/** What a user follows, the send credits they hold and the templates the mini-program may request. */
export interface MySubscriptions {
  subscriptions: Subscription[]
  credits: SubscriptionCredit[]
  templates: TemplateDef[]
}

/** Prompt answers remembered per credit (a retry comes soon after the first try). */
const GRANT_IDS_KEPT = 20

/**
 * The most one-time sends the BFF counts per user and template. A villager taps 订阅 a few times a year; more
 * unspent accepts than this are not a real pattern, and a count the client inflated costs at most one refused send.
 */
export const MAX_ONE_TIME_CREDITS = 20

/**
 * The most categories and items one person follows at a time, across their villages (a village's catalog has 28
 * categories and 96 items; a villager follows a few). Refused at follow time with 422 `subscription_limit`; the inbox
 * reads every active follow, so this bounds its work without dropping anything (inbox.service.ts).
 */
export const MAX_ACTIVE_SUBSCRIPTIONS = 50

/** What users follow (categories, items of their village) and the WeChat send credits they granted. */
export class SubscriptionsService {
  private readonly templates: ReturnType<typeof notificationTemplates>

  constructor(private readonly deps: { models: Models; config: Config }) {
    this.templates = notificationTemplates(deps.config)
  }

  /**
   * Records what `wx.requestSubscribeMessage` answered (+1 credit per accepted one-time template when the answer
   * is named by a `requestId`, a standing subscription per accepted long-term one) and, when given, the category
   * or item to follow.
   */
  async create(user: User, req: SubscriptionCreateReq): Promise<MySubscriptions> {
    const unknown = Object.keys(req.results).filter((id) => !this.templates.byId(id))
    if (unknown.length)
      throw new AppError(422, ErrorCode.UnknownTemplate, `未知的消息模板：${unknown.join('，')}`)
    const target = req.category
      ? { kind: 'category' as const, targetId: req.category }
      : req.itemId
        ? { kind: 'item' as const, targetId: req.itemId }
        : null
    if (target) {
      const known =
        target.kind === 'category'
          ? listCatalogDomains().some((d) => d.id === target.targetId)
          : findCatalogItem(target.targetId) !== undefined
      if (!known) throw new AppError(422, ErrorCode.UnknownCategory, '没有这个公开类别或事项')
      const villageCode = this.villageOf(user, req.villageCode)
      await this.follow(user._id, villageCode, target)
    }
    const now = new Date()
    for (const [templateId, decision] of Object.entries(req.results)) {
      const template = this.templates.byId(templateId)
      if (!template) continue
      const accepted = decision === 'accept' || decision === 'acceptWithAudio'
      const key = { userId: user._id, templateId }
      if (template.kind === 'long_term') {
        // A long-term template is on until the user says no (reject or ban) in a later request.
        if (accepted || decision === 'reject' || decision === 'ban') {
          await upsertOnce(() =>
            this.deps.models.SubscriptionCredit.updateOne(
              key,
              { $set: { unlimited: accepted, updatedAt: now }, $setOnInsert: { credits: 0 } },
              { upsert: true },
            ),
          )
        }
      } else if (accepted && req.requestId) {
        // Without the answer's id a repeat cannot be told from a retry: no credit (the follow still counts).
        await addCredit(this.deps.models.SubscriptionCredit, user._id, templateId, req.requestId, now)
      }
    }
    return this.listMine(user._id)
  }

  /**
   * Starts following (or keeps following) one target, within `MAX_ACTIVE_SUBSCRIPTIONS`: exactly, however many
   * follows arrive at once (lib/limit-slots.ts): at 49, one of several new follows lands and the others are refused.
   */
  private async follow(
    userId: Types.ObjectId,
    villageCode: string,
    target: Pick<Subscription, 'kind' | 'targetId'>,
  ): Promise<void> {
    const { Subscription } = this.deps.models
    const activeKey = subscriptionActiveKey({ userId, villageCode, ...target })
    if (await Subscription.exists({ activeKey })) return
    const followed = insertWithinLimit({
      scope: userId.toHexString(),
      limit: MAX_ACTIVE_SUBSCRIPTIONS,
      active: () => Subscription.find({ userId, endedAt: null }, { limitSlot: 1 }).lean(),
      full: () =>
        new AppError(
          422,
          ErrorCode.SubscriptionLimit,
          `最多同时关注 ${MAX_ACTIVE_SUBSCRIPTIONS} 个类别或事项，请先在“我的订阅”里取消一些再关注`,
        ),
      // Following the same target at once is one upsert: the others find it (and take no place).
      insert: (limitSlot) =>
        Subscription.updateOne(
          { activeKey },
          {
            $setOnInsert: { userId, villageCode, ...target, createdAt: new Date(), endedAt: null, limitSlot },
          },
          { upsert: true },
        ),
    })
    try {
      await followed
    } catch (err) {
      // A copy of this follow sent at the same time took the last place: the target is followed.
      if (err instanceof AppError && err.code === ErrorCode.SubscriptionLimit)
        if (await Subscription.exists({ activeKey })) return
      throw err
    }
  }

  /**
   * Stops following one category or item (credits stay: they belong to WeChat's count). The subscription is
   * ended, not deleted: what was told while it ran stays in the inbox.
   */
  async remove(userId: Types.ObjectId, id: string): Promise<void> {
    const res = await this.deps.models.Subscription.updateOne(
      { _id: new Types.ObjectId(id), userId, endedAt: null },
      { $set: { endedAt: new Date(), activeKey: null, limitSlot: null } },
    )
    if (res.matchedCount === 0) throw notFound('订阅')
  }

  /** Ends all of a user's subscriptions in a village (they are no longer a villager there); returns how many. */
  async endInVillage(userId: Types.ObjectId, villageCode: string): Promise<number> {
    const res = await this.deps.models.Subscription.updateMany(
      { userId, villageCode, endedAt: null },
      { $set: { endedAt: new Date(), activeKey: null, limitSlot: null } },
    )
    return res.modifiedCount
  }

  /** The user's subscriptions and credits, plus the templates the mini-program may request. */
  async listMine(userId: Types.ObjectId): Promise<MySubscriptions> {
    const [subscriptions, credits] = await Promise.all([
      this.deps.models.Subscription.find({ userId, endedAt: null }).sort({ createdAt: 1 }).lean(),
      this.deps.models.SubscriptionCredit.find({ userId }).sort({ templateId: 1 }).lean(),
    ])
    return { subscriptions, credits, templates: this.templates.list() }
  }

  /**
   * The village a villager subscribes in: the given one (if theirs) or their only one. A village retired (撤并) is
   * no longer followed (422 `village_retired`; its grant is marked ended on this write, `markEndedGrants`).
   */
  private villageOf(user: User, requested: string | undefined): string {
    const grants: readonly GrantAsSeen[] = user.roles.filter((g) => g.role === 'villager')
    const ended = grants.find((g) => g.ended && g.regionCode === requested)?.ended
    if (ended)
      throw new AppError(
        422,
        ErrorCode.VillageRetired,
        `${ended.notice}，不能再关注它的公开，以前公开的内容仍然可以查看`,
      )
    const villages = [...new Set(grants.filter((g) => !g.ended).map((g) => g.regionCode))]
    if (requested) {
      if (!villages.includes(requested))
        throw new AppError(403, ErrorCode.NotAVillager, '只有本村村民可以订阅本村的公开')
      return requested
    }
    const [only, ...rest] = villages
    if (!only) throw new AppError(403, ErrorCode.NotAVillager, '加入村后才能订阅村务公开')
    if (rest.length > 0) throw new AppError(422, ErrorCode.VillageRequired, '您在多个村，请选择要订阅的村')
    return only
  }
}
