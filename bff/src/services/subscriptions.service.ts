import { Types } from 'mongoose'
import type { SubscriptionCreateReq, SubscriptionDto, SubscriptionsDto } from '@cunwu/domain'
import { ErrorCode, findCatalogItem, listCatalogDomains } from '@cunwu/domain'
import type { Config } from '../config'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { Subscription } from '../models/Subscription.model'
import type { User } from '../models/User.model'
import { notificationTemplates } from './notification-templates'

const isDuplicateKey = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err && err.code === 11000

/** Runs an upsert once more when a concurrent upsert of the same key won the race. */
async function upsertOnce(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await run()
  }
}

function targetName(s: Pick<Subscription, 'kind' | 'targetId'>): string {
  if (s.kind === 'category') return listCatalogDomains().find((d) => d.id === s.targetId)?.name ?? s.targetId
  return findCatalogItem(s.targetId)?.name ?? s.targetId
}

function presentSubscription(s: Subscription): SubscriptionDto {
  return {
    id: s._id.toHexString(),
    villageCode: s.villageCode,
    kind: s.kind,
    targetId: s.targetId,
    targetName: targetName(s),
    createdAt: s.createdAt.toISOString(),
  }
}

/** What users follow (categories, items of their village) and the WeChat send credits they granted. */
export function createSubscriptionsService(deps: { models: Models; config: Config }) {
  const { Subscription: Subscriptions, SubscriptionCredit } = deps.models
  const templates = notificationTemplates(deps.config)

  /** The village a villager subscribes in: the given one (if theirs) or their only one. */
  function villageOf(user: User, requested: string | undefined): string {
    const villages = [...new Set(user.roles.filter((g) => g.role === 'villager').map((g) => g.regionCode))]
    if (requested) {
      if (!villages.includes(requested)) throw new AppError(403, ErrorCode.NotAVillager, '只有本村村民可以订阅本村的公开')
      return requested
    }
    const [only, ...rest] = villages
    if (!only) throw new AppError(403, ErrorCode.NotAVillager, '加入村后才能订阅村务公开')
    if (rest.length > 0) throw new AppError(422, ErrorCode.VillageRequired, '您在多个村，请选择要订阅的村')
    return only
  }

  async function listMine(userId: Types.ObjectId): Promise<SubscriptionsDto> {
    const [subs, credits] = await Promise.all([
      Subscriptions.find({ userId }).sort({ createdAt: 1 }).lean(),
      SubscriptionCredit.find({ userId }).sort({ templateId: 1 }).lean(),
    ])
    return {
      subscriptions: subs.map(presentSubscription),
      credits: credits.map((c) => ({ templateId: c.templateId, credits: c.credits, unlimited: c.unlimited })),
      templates: templates.list().map((t) => ({ templateId: t.templateId, purpose: t.purpose, kind: t.kind })),
    }
  }

  return {
    /**
     * Records what `wx.requestSubscribeMessage` answered (+1 credit per accepted one-time template, a standing
     * subscription per accepted long-term one) and, when given, the category or item to follow.
     */
    async create(user: User, req: SubscriptionCreateReq): Promise<SubscriptionsDto> {
      const unknown = Object.keys(req.results).filter((id) => !templates.byId(id))
      if (unknown.length) throw new AppError(422, ErrorCode.UnknownTemplate, `未知的消息模板：${unknown.join('，')}`)
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
        const villageCode = villageOf(user, req.villageCode)
        await upsertOnce(() =>
          Subscriptions.updateOne(
            { userId: user._id, villageCode, ...target },
            { $setOnInsert: { createdAt: new Date() } },
            { upsert: true },
          ),
        )
      }
      const now = new Date()
      for (const [templateId, decision] of Object.entries(req.results)) {
        const template = templates.byId(templateId)
        if (!template) continue
        const accepted = decision === 'accept' || decision === 'acceptWithAudio'
        const key = { userId: user._id, templateId }
        if (template.kind === 'long_term') {
          // A long-term template is on until the user says no (reject or ban) in a later request.
          if (accepted || decision === 'reject' || decision === 'ban') {
            await upsertOnce(() =>
              SubscriptionCredit.updateOne(
                key,
                { $set: { unlimited: accepted, updatedAt: now }, $setOnInsert: { credits: 0 } },
                { upsert: true },
              ),
            )
          }
        } else if (accepted) {
          await upsertOnce(() =>
            SubscriptionCredit.updateOne(
              key,
              { $inc: { credits: 1 }, $set: { updatedAt: now }, $setOnInsert: { unlimited: false } },
              { upsert: true },
            ),
          )
        }
      }
      return listMine(user._id)
    },

    /** The user's subscriptions and credits, plus the templates the mini-program may request. */
    listMine,

    /** Stops following one category or item (credits stay: they belong to WeChat's count). */
    async remove(userId: Types.ObjectId, id: string): Promise<void> {
      const res = await Subscriptions.deleteOne({ _id: new Types.ObjectId(id), userId })
      if (res.deletedCount === 0) throw notFound('订阅')
    },
  }
}

/** The subscriptions service. */
export type SubscriptionsService = ReturnType<typeof createSubscriptionsService>
