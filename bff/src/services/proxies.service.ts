import type { ProxyGrantReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import { rosterNameOf } from '../models/Household.model'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { requireVillage } from './memberships.service'

/**
 * Proxy rights: an approved member of the village acts for a member of a household (e.g. an elderly parent):
 * sees that household's rows in 与我相关 and pays its charges. Ending the membership removes them.
 */
export class ProxiesService {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /** Lets an approved member of the village act for a named member of a household on the roster. */
  async grant(villageCode: string, req: ProxyGrantReq, secretary: User, actor: Actor): Promise<void> {
    const { Membership, Household, Proxy } = this.deps.models
    await requireVillage(this.deps.models, villageCode)
    const member = await Membership.exists({ userId: req.userId, villageCode, status: 'approved' })
    if (!member) throw notFound('本村已通过审核的村民')
    const household = await Household.findOne({ villageCode, householdNo: req.householdNo }).lean()
    // The person as the roster spells them (a name typed with a space finds them, docs/households.md), so the
    // consultation voter key of the proxy agrees with the person's own membership.
    const forName = household && rosterNameOf(household, req.forName)
    if (!forName) {
      throw new AppError(
        422,
        ErrorCode.HouseholdNotOnRoster,
        `${req.forName} 不在户号 ${req.householdNo} 的名册中`,
      )
    }
    await Proxy.updateOne(
      { userId: req.userId, villageCode, householdNo: req.householdNo, forName },
      { $setOnInsert: { grantedBy: secretary._id, grantedAt: new Date() } },
      { upsert: true },
    )
    await this.deps.audit.record(actor, {
      action: 'proxy.grant',
      targetType: 'user',
      targetId: req.userId,
      regionCode: villageCode,
      data: { householdNo: req.householdNo, forName },
    })
  }
}
