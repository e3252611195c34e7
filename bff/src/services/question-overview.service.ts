import { codePrefix } from '@cunwu/domain'
import type { Models } from '../models'
import type { Question } from '../models/Question.model'

/** The township's and county's view of questions: a region's open threads and how fast its villages answer. */
export class QuestionOverviewService {
  constructor(private readonly deps: { models: Models }) {}

  /** Open threads of a region (township/county views), overdue first, and the median answer time per village. */
  async overview(regionCode: string): Promise<{
    open: Question[]
    medians: { villageCode: string; answered: number; medianHours: number }[]
  }> {
    const prefix = codePrefix(regionCode)
    const inRegion = { villageCode: { $regex: `^${prefix}` } }
    const open = await this.deps.models.Question.find({ ...inRegion, status: 'open' })
      .sort({ dueAt: 1 })
      .limit(1000)
      .lean()
    const closed = await this.deps.models.Question.find(
      { ...inRegion, status: { $ne: 'open' } },
      { villageCode: 1, createdAt: 1, closedAt: 1 },
    )
      .sort({ closedAt: -1 })
      .limit(5000)
      .lean()
    const byVillage = new Map<string, number[]>()
    for (const q of closed) {
      if (!q.closedAt) continue
      const list = byVillage.get(q.villageCode) ?? []
      list.push((q.closedAt.getTime() - q.createdAt.getTime()) / 3_600_000)
      byVillage.set(q.villageCode, list)
    }
    const medians = [...byVillage.entries()]
      .map(([villageCode, hours]) => ({ villageCode, answered: hours.length, medianHours: median(hours) }))
      .sort((a, b) => a.villageCode.localeCompare(b.villageCode))
    return { open, medians }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const m = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
  return Math.round(m * 10) / 10
}
