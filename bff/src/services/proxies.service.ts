import type { ProxyGrantReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError, notFound } from '../errors'
import type { Models } from '../models'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import { requireRosterMatch, rosterPersonOf } from './household-proof.service'
import { requireVillage } from './memberships.service'

/**
 * Proxy rights: an approved member of the village acts for a member of a household (e.g. an elderly parent):
 * sees that household's rows in 与我相关 and pays its charges. Ending the membership removes them.
 */
export class ProxiesService {
  constructor(private readonly deps: { models: Models; audit: AuditService }) {}

  /** Lets an approved member of the village act for a named member of a household on the roster. */
  async grant(villageCode: string, req: ProxyGrantReq, secretary: User, actor: Actor): Promise<void> {
    const { Membership, Proxy } = this.deps.models
    await requireVillage(this.deps.models, villageCode)
    const member = await Membership.exists({ userId: req.userId, villageCode, status: 'approved' })
    if (!member) throw notFound('本村已通过审核的村民')
    // The household and the person as the roster spells them, by the membership rule (docs/households.md): "9" or
    // "９" typed finds 户号 009, a name typed with a space finds 张桂兰; the person acted for may hold an account.
    const typed = { villageCode, householdNo: req.householdNo, name: req.forName }
    const roster = await rosterPersonOf(this.deps.models, typed)
    if (roster.match === 'unknown_household' || roster.match === 'name_not_in_household') {
      throw new AppError(
        422,
        ErrorCode.HouseholdNotOnRoster,
        `${req.forName} 不在户号 ${req.householdNo} 的名册中`,
      )
    }
    if (roster.match !== 'already_member') requireRosterMatch(typed, roster.match)
    const { householdNo, name: forName } = roster
    await Proxy.updateOne(
      { userId: req.userId, villageCode, householdNo, forName },
      { $setOnInsert: { grantedBy: secretary._id, grantedAt: new Date() } },
      { upsert: true },
    )
    await this.deps.audit.record(actor, {
      action: 'proxy.grant',
      targetType: 'user',
      targetId: req.userId,
      regionCode: villageCode,
      data: { householdNo, forName },
    })
  }
}
