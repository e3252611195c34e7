import { Types } from 'mongoose'
import type { WechatSim } from '@cunwu/wechat-sim'
import type { Models } from '../models'
import { subscriptionActiveKey } from '../models/Subscription.model'

/** Options of buildVillagers. */
export interface VillagerOptions {
  villageCode: string
  /** Category (catalog domain id) they follow. @default social-assistance */
  category?: string
  /** Local credits per villager for the template. @default 1 */
  credits?: number
  /** Also grant the credits in the simulator (as wx.requestSubscribeMessage would). @default true */
  granted?: boolean
  templateId?: string
}

/**
 * Creates `n` villagers known to the simulator who follow a category and hold send credits: the data a real
 * subscription flow (sign-in, POST /subscriptions, wx.requestSubscribeMessage) would leave behind.
 */
export async function buildVillagers(
  models: Models,
  sim: WechatSim,
  prefix: string,
  n: number,
  options: VillagerOptions,
): Promise<{ ids: Types.ObjectId[]; userKeys: string[] }> {
  const templateId = options.templateId ?? 'tmpl_disclosure_published'
  const credits = options.credits ?? 1
  const userKeys = Array.from({ length: n }, (_, i) => `${prefix}-${i}`)
  const ids = userKeys.map(() => new Types.ObjectId())
  const now = new Date()
  await models.User.insertMany(
    userKeys.map((userKey, i) => {
      sim.control.upsertUser({ userKey })
      if ((options.granted ?? true) && credits > 0)
        sim.control.grantSubscription({ userKey, templateId, count: credits })
      return {
        _id: ids[i],
        openid: sim.control.openidOf(userKey),
        displayName: userKey,
        roles: [{ role: 'villager', regionCode: options.villageCode, grantedBy: null, grantedAt: now }],
        demoUserKey: userKey,
      }
    }),
  )
  await models.Subscription.insertMany(
    ids.map((userId) => {
      const s = {
        userId,
        villageCode: options.villageCode,
        kind: 'category' as const,
        targetId: options.category ?? 'social-assistance',
      }
      return { ...s, createdAt: now, endedAt: null, activeKey: subscriptionActiveKey(s) }
    }),
  )
  if (credits > 0) {
    await models.SubscriptionCredit.insertMany(
      ids.map((userId) => ({ userId, templateId, credits, unlimited: false, updatedAt: now })),
    )
  }
  return { ids, userKeys }
}
