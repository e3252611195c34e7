import { consultationDeadlineText as deadlineText, entitlementsOf, voterKeyOf } from '@cunwu/domain'
import type { Models } from '../models'
import type { Consultation } from '../models/Consultation.model'
import type { ClockService } from './clock.service'
import type { ConsultationTalliesService } from './consultation-tallies.service'
import type { NotificationsService } from './notifications.service'

/** The catalog domain whose followers hear of consultations (村务). */
export const CONSULTATION_CATEGORY = 'village-affairs'
/** The reminder goes out this long before the deadline. */
export const REMINDER_BEFORE_MS = 86_400_000
/** How far back the upkeep looks for consultations whose announcement a crash may have lost. */
const ANNOUNCE_SWEEP_MS = 7 * 86_400_000

/**
 * Tells a village's eligible villagers who follow 村务 that a consultation is open (inbox and subscribe message), and
 * reminds those who still have someone to answer for a day before the deadline. Each event is keyed by the
 * consultation, so a repeat (the upkeep after a crash) sends nothing twice (docs/consultations.md).
 */
export class ConsultationNoticesService {
  constructor(
    private readonly deps: {
      models: Models
      clock: ClockService
      notifications: NotificationsService
      tallies: ConsultationTalliesService
    },
  ) {}

  /**
   * Followers of 村务 in the village who may answer for someone, each with the voter keys they may answer under.
   */
  private async eligibleFollowers(c: Consultation): Promise<Map<string, string[]>> {
    const { Subscription, Membership, Proxy, Household } = this.deps.models
    const subs = await Subscription.find(
      { villageCode: c.villageCode, kind: 'category', targetId: CONSULTATION_CATEGORY, endedAt: null },
      { userId: 1 },
    )
      .limit(50_000)
      .lean()
    const userIds = [...new Map(subs.map((s) => [s.userId.toHexString(), s.userId])).values()]
    if (userIds.length === 0) return new Map()
    // The village's members and proxy rights, read whole by village (indexed) and matched to followers in memory:
    // a `$in` of thousands of user ids is far slower than one village-wide read (BENCHMARKS.md, consultations).
    // Only members holding their roster person answer as themselves (docs/households.md, `householdMemberships`).
    const members = await Membership.find(
      { villageCode: c.villageCode, status: 'approved', personKey: { $type: 'string' } },
      { userId: 1, householdNo: 1, name: 1 },
    ).lean()
    const proxies = await Proxy.find(
      { villageCode: c.villageCode },
      { userId: 1, householdNo: 1, forName: 1 },
    ).lean()
    const households = await Household.find(
      { villageCode: c.villageCode },
      { householdNo: 1, headName: 1 },
    ).lean()
    const heads = new Map(households.map((h) => [h.householdNo, h.headName]))
    // Looked up by user: a village may have thousands of followers, members and proxies.
    const memberOf = new Map(members.map((m) => [m.userId.toHexString(), m]))
    const proxiesOf = new Map<string, { householdNo: string; forName: string }[]>()
    for (const p of proxies) {
      const key = p.userId.toHexString()
      proxiesOf.set(key, [...(proxiesOf.get(key) ?? []), p])
    }
    const out = new Map<string, string[]>()
    for (const userId of userIds) {
      const hex = userId.toHexString()
      const member = memberOf.get(hex)
      const keys = entitlementsOf(c.unit, {
        member: member ? { householdNo: member.householdNo, name: member.name } : null,
        proxies: proxiesOf.get(hex) ?? [],
        headOf: (no) => heads.get(no),
      }).map((e) => voterKeyOf(c.unit, e))
      if (keys.length > 0) out.set(hex, keys)
    }
    return out
  }

  /** Announces an open consultation to its eligible followers (once per consultation). */
  async announce(c: Consultation): Promise<number> {
    const recipients = [...(await this.eligibleFollowers(c)).keys()]
    const result = await this.deps.notifications.publishEvent({
      type: 'consultation.opened',
      id: `consultation.opened:${c._id.toHexString()}`,
      villageCode: c.villageCode,
      title: c.title,
      consultationId: c._id.toHexString(),
      deadline: c.deadline,
      deadlineText: deadlineText(c.deadline),
      named: c.ballot === 'open',
      recipientIds: recipients,
      at: c.createdAt,
    })
    await this.deps.models.Consultation.updateOne(
      { _id: c._id, announcedAt: null },
      { $set: { announcedAt: this.deps.clock.now() } },
    )
    return result.inboxInserted
  }

  /** Reminds, a day before the deadline, the eligible followers with someone still to answer for (once). */
  async remind(c: Consultation): Promise<number> {
    const followers = await this.eligibleFollowers(c)
    const answered = new Set(
      (await this.deps.models.ConsultationAnswer.find({ consultationId: c._id }, { voterKey: 1 }).lean()).map(
        (a) => a.voterKey,
      ),
    )
    const recipients = [...followers.entries()]
      .filter(([, keys]) => keys.some((k) => !answered.has(k)))
      .map(([id]) => id)
    const result = await this.deps.notifications.publishEvent({
      type: 'consultation.reminder',
      id: `consultation.reminder:${c._id.toHexString()}`,
      villageCode: c.villageCode,
      title: c.title,
      consultationId: c._id.toHexString(),
      deadline: c.deadline,
      deadlineText: deadlineText(c.deadline),
      named: c.ballot === 'open',
      recipientIds: recipients,
      at: this.deps.clock.now(),
    })
    // Marked after the event is recorded: a crash in between repeats the (keyed, so harmless) publish.
    await this.deps.models.Consultation.updateOne(
      { _id: c._id, remindedAt: null },
      { $set: { remindedAt: this.deps.clock.now() } },
    )
    return result.inboxInserted
  }

  /**
   * One upkeep pass: announcements a crash lost, reminders now due (deadline within a day), and the tallies of
   * consultations whose deadline passed.
   */
  async upkeep(limit = 200): Promise<{ announced: number; reminded: number; closed: number }> {
    const { Consultation } = this.deps.models
    const now = this.deps.clock.now()
    const unannounced = await Consultation.find({
      announcedAt: null,
      deadline: { $gt: now },
      createdAt: { $gte: new Date(now.getTime() - ANNOUNCE_SWEEP_MS) },
    })
      .limit(limit)
      .lean()
    for (const c of unannounced) await this.announce(c)
    const due = await Consultation.find({
      remindedAt: null,
      deadline: { $gt: now, $lte: new Date(now.getTime() + REMINDER_BEFORE_MS) },
    })
      .limit(limit)
      .lean()
    for (const c of due) await this.remind(c)
    const ended = await Consultation.find({ status: 'open', deadline: { $lte: now } })
      .limit(limit)
      .lean()
    for (const c of ended) await this.deps.tallies.withTally(c)
    return { announced: unannounced.length, reminded: due.length, closed: ended.length }
  }
}
