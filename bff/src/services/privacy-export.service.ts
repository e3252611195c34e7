import type { InboxEntryDto, MyDataDto } from '@cunwu/domain'
import type { Models } from '../models'
import type { User } from '../models/User.model'
import { presentInboxEntry } from '../presenters/notification.presenter'
import { presentCorrection, shortWechatId } from '../presenters/privacy.presenter'
import { presentMe } from '../presenters/user.presenter'
import type { DisclosureFeedService } from './disclosure-feed.service'
import type { InboxService } from './inbox.service'
import { regionNames } from './regions.service'

/** Inbox entries exported at most (pages of 100): a person's whole history in practice, bounded in the worst case. */
const INBOX_EXPORT_LIMIT = 2000

/**
 * Everything the product holds about one person (个人信息保护法第四十五条: the right to see and copy), gathered
 * from every collection that stores their id. docs/privacy.md lists the sources; a new collection keyed by user
 * belongs here too.
 */
export class PrivacyExportService {
  constructor(
    private readonly deps: {
      models: Models
      inbox: InboxService
      feed: DisclosureFeedService
    },
  ) {}

  /** The person's inbox, newest first, up to the export's limit. */
  private async inboxOf(user: User): Promise<InboxEntryDto[]> {
    const out: InboxEntryDto[] = []
    let before: string | undefined
    while (out.length < INBOX_EXPORT_LIMIT) {
      const page = await this.deps.inbox.list(user._id, { limit: 100, ...(before ? { before } : {}) })
      out.push(...page.entries.map(presentInboxEntry))
      if (!page.nextBefore) break
      before = page.nextBefore
    }
    return out
  }

  /** The person's data as one JSON document. */
  async exportData(user: User): Promise<MyDataDto> {
    const [memberships, proxies, subscriptions, payments, sessions, corrections, inbox, householdRows] =
      await Promise.all([
        this.deps.models.Membership.find({ userId: user._id }).sort({ appliedAt: -1 }).lean(),
        this.deps.models.Proxy.find({ userId: user._id }).lean(),
        this.deps.models.Subscription.find({ userId: user._id }).sort({ createdAt: -1 }).lean(),
        this.deps.models.PaymentOrder.find({ userId: user._id }).sort({ createdAt: -1 }).lean(),
        this.deps.models.Session.find({ userId: user._id }, { createdAt: 1, expiresAt: 1, revokedAt: 1 })
          .sort({ createdAt: -1 })
          .lean(),
        this.deps.models.CorrectionRequest.find({ userId: user._id }).sort({ createdAt: -1 }).lean(),
        this.inboxOf(user),
        this.deps.feed.related(user),
      ])
    const names = await regionNames(this.deps.models, [
      ...user.roles.map((r) => r.regionCode),
      ...memberships.map((m) => m.villageCode),
    ])
    const me = presentMe(user, memberships, proxies, names)
    return {
      exportedAt: new Date().toISOString(),
      account: {
        id: me.id,
        displayName: me.displayName,
        wechatId: shortWechatId(user.openid),
        createdAt: user.createdAt.toISOString(),
      },
      roles: me.roles,
      memberships: me.memberships,
      proxies: me.proxies,
      privacyConsents: (user.privacyConsents ?? []).map((c) => ({
        policyVersion: c.policyVersion,
        acceptedAt: c.acceptedAt.toISOString(),
      })),
      subscriptions: subscriptions.map((s) => ({
        villageCode: s.villageCode,
        kind: s.kind,
        targetId: s.targetId,
        createdAt: s.createdAt.toISOString(),
        endedAt: s.endedAt ? s.endedAt.toISOString() : null,
      })),
      inbox: inbox.map((e) => ({ title: e.title, body: e.body, createdAt: e.createdAt, readAt: e.readAt })),
      payments: payments.map((p) => ({
        chargeId: p.chargeId.toHexString(),
        villageCode: p.villageCode,
        householdNo: p.householdNo,
        amountFen: p.amountFen,
        status: p.status,
        createdAt: p.createdAt.toISOString(),
      })),
      householdRows,
      corrections: corrections.map((c) => presentCorrection(c, names.get(c.villageCode))),
      sessions: sessions.map((s) => ({
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        revoked: s.revokedAt !== null,
      })),
    }
  }
}

/** Builds the service (the composition root and tests call this). */
export function createPrivacyExportService(deps: {
  models: Models
  inbox: InboxService
  feed: DisclosureFeedService
}): PrivacyExportService {
  return new PrivacyExportService(deps)
}
