import type { DisclosureDto } from '@cunwu/domain'
import type { CorrectionRequest } from './CorrectionRequest.model'
import type { InboxEntry } from './InboxEntry.model'
import type { InfoRequest } from './InfoRequest.model'
import type { Membership } from './Membership.model'
import type { PaymentOrder } from './PaymentOrder.model'
import type { Proxy } from './Proxy.model'
import type { Session } from './Session.model'
import type { Subscription } from './Subscription.model'
import type { User } from './User.model'

// What the privacy export gathers about one person; the privacy presenter writes the export from it, so it lives in
// the layer both depend on rather than in the service.

/** Everything the product holds about one person, as stored (the disclosure rows about their household as read). */
export interface PersonalData {
  exportedAt: Date
  user: User
  memberships: Membership[]
  proxies: Proxy[]
  /** Names of the regions the person's roles and memberships name. */
  regionNames: Map<string, string>
  subscriptions: Subscription[]
  inbox: InboxEntry[]
  payments: PaymentOrder[]
  householdRows: DisclosureDto[]
  corrections: CorrectionRequest[]
  /** The person's own information requests (依申请公开), identity included. */
  infoRequests: InfoRequest[]
  sessions: Pick<Session, 'createdAt' | 'expiresAt' | 'revokedAt'>[]
}
