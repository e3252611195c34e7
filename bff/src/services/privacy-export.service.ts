import type { Models } from '../models'
import type { InboxEntry } from '../models/InboxEntry.model'
import type { PersonalData } from '../models/privacy-views'
import type { User } from '../models/User.model'
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
  private async inboxOf(user: User): Promise<InboxEntry[]> {
    const out: InboxEntry[] = []
    let before: string | undefined
    while (out.length < INBOX_EXPORT_LIMIT) {
      const page = await this.deps.inbox.list(user._id, { limit: 100, ...(before ? { before } : {}) })
      out.push(...page.entries)
      if (!page.nextBefore) break
      before = page.nextBefore
    }
    return out
  }

  /** The person's data, gathered for one JSON document (`presentPersonalData`). */
  async exportData(user: User): Promise<PersonalData> {
    const [
      memberships,
      proxies,
      subscriptions,
      payments,
      sessions,
      corrections,
      inbox,
      householdRows,
      infoRequests,
    ] = await Promise.all([
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
      this.deps.models.InfoRequest.find({ userId: user._id }).sort({ createdAt: -1 }).lean(),
    ])
    const names = await regionNames(this.deps.models, [
      ...user.roles.map((r) => r.regionCode),
      ...memberships.map((m) => m.villageCode),
    ])
    return {
      exportedAt: new Date(),
      user,
      memberships,
      proxies,
      regionNames: names,
      subscriptions,
      inbox,
      payments,
      householdRows,
      corrections,
      infoRequests,
      sessions,
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
