import { codePrefix, eligibleCount, percentOf, tallyResponses } from '@cunwu/domain'
import type { Models } from '../models'
import type { Consultation } from '../models/Consultation.model'
import type { VillageParticipation } from '../models/consultation-views'
import type { ClockService } from './clock.service'

/**
 * How long after the deadline the tally waits before it freezes: longer than any answer's write may take. An answer
 * whose check passed before the deadline is written within it, or is undone and refused (ConsultationsService.answer),
 * so every answer accepted is in the tally, on any number of BFF instances sharing the database (docs/consultations.md).
 */
export const ANSWER_WRITE_GRACE_MS = 10_000

/**
 * Closing consultations: whether the deadline passed (by the BFF's clock), the tally frozen once after it and its
 * grace (counts and the eligible number at that moment, never who chose what), and participation per village for
 * the township.
 */
export class ConsultationTalliesService {
  constructor(private readonly deps: { models: Models; clock: ClockService }) {}

  /** Whether answering has ended (by the BFF's clock). */
  isClosed(c: Pick<Consultation, 'deadline'>): boolean {
    return this.deps.clock.now().getTime() >= c.deadline.getTime()
  }

  /** The instant by which every answer checked before the deadline is stored (or undone). */
  finalAt(c: Pick<Consultation, 'deadline'>): Date {
    return new Date(c.deadline.getTime() + ANSWER_WRITE_GRACE_MS)
  }

  /** Whether the answers no longer change: the deadline and the writes' grace after it have passed. */
  isFinal(c: Pick<Consultation, 'deadline'>): boolean {
    return this.deps.clock.now().getTime() >= this.finalAt(c).getTime()
  }

  private async load(id: Consultation['_id']): Promise<Consultation> {
    const c = await this.deps.models.Consultation.findById(id).lean()
    if (!c) throw new Error('consultation vanished while it was being tallied')
    return c
  }

  /**
   * Freezes the tally once the answers are final (the first look after the deadline's grace, or the upkeep): the
   * answers checked before the deadline and the eligible persons or households at that moment. A conditional write,
   * so two at once store one tally.
   */
  async withTally(c: Consultation): Promise<Consultation> {
    if (c.tally || !this.isFinal(c)) return c
    const { models } = this.deps
    const answers = await models.ConsultationAnswer.find(
      { consultationId: c._id, updatedAt: { $lt: c.deadline } },
      { responses: 1 },
    ).lean()
    const eligible = await this.eligibleOf(c)
    const tally = tallyResponses(
      c.questions,
      answers.map((a) => a.responses),
      Math.max(eligible, answers.length),
    )
    const now = this.deps.clock.now()
    const frozen = await models.Consultation.findOneAndUpdate(
      { _id: c._id, tally: null },
      { $set: { tally, status: c.status === 'open' ? 'closed' : c.status, closedAt: now } },
      { returnDocument: 'after' },
    ).lean()
    return frozen ?? (await this.load(c._id))
  }

  private async eligibleOf(c: Consultation): Promise<number> {
    const { Membership, Proxy, Household } = this.deps.models
    if (c.unit === 'household') {
      const numbers = await Household.distinct('householdNo', { villageCode: c.villageCode })
      return eligibleCount('household', { members: [], proxied: [], rosterHouseholds: numbers.map(String) })
    }
    // Members who hold their roster person (docs/households.md): a second account naming the same person, or a
    // name the roster does not prove, is no one to count.
    const members = await Membership.find(
      { villageCode: c.villageCode, status: 'approved', personKey: { $type: 'string' } },
      { householdNo: 1, name: 1 },
    ).lean()
    const proxied = await Proxy.find({ villageCode: c.villageCode }, { householdNo: 1, forName: 1 }).lean()
    return eligibleCount('person', {
      members: members.map((m) => ({ householdNo: m.householdNo, name: m.name })),
      proxied: proxied.map((p) => ({ householdNo: p.householdNo, name: p.forName })),
      rosterHouseholds: [],
    })
  }

  /** Participation per village of a region: consultations open and closed, and eligible and answered when closed. */
  async participation(regionCode: string): Promise<VillageParticipation[]> {
    const list = await this.deps.models.Consultation.find({
      villageCode: { $regex: `^${codePrefix(regionCode)}` },
    })
      .sort({ deadline: -1 })
      .limit(2000)
      .lean()
    const byVillage = new Map<string, VillageParticipation>()
    for (const raw of list) {
      const c = await this.withTally(raw)
      const v = byVillage.get(c.villageCode) ?? {
        villageCode: c.villageCode,
        open: 0,
        closed: 0,
        eligible: 0,
        answered: 0,
        ratePercent: 0,
      }
      if (c.tally) {
        v.closed += 1
        v.eligible += c.tally.eligible
        v.answered += c.tally.answered
      } else v.open += 1
      byVillage.set(c.villageCode, v)
    }
    return [...byVillage.values()]
      .map((v) => ({ ...v, ratePercent: percentOf(v.answered, v.eligible) }))
      .sort((a, b) => a.villageCode.localeCompare(b.villageCode))
  }
}
