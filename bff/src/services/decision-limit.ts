import type { Types } from 'mongoose'
import type { DecisionCreateReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import { insertWithinLimit } from '../lib/limit-slots'
import type { Models } from '../models'

/** Matters a village may have in deliberation at once: each asks staff work and a disclosure at its end. */
export const MAX_OPEN_DECISIONS = 50

/**
 * Writes a new matter in deliberation, or answers 429 `rate_limited` when the village already has
 * `MAX_OPEN_DECISIONS`: exactly, however many secretaries open matters at once (lib/limit-slots.ts). The matter
 * gives its place back when a step closes it (`DecisionsService.recordStep`).
 */
export function insertOpenDecision(
  models: Models,
  villageCode: string,
  req: DecisionCreateReq,
  createdBy: Types.ObjectId,
) {
  const Decisions = models.Decision
  return insertWithinLimit({
    scope: villageCode,
    limit: MAX_OPEN_DECISIONS,
    active: () => Decisions.find({ villageCode, status: 'deliberating' }, { limitSlot: 1 }).lean(),
    full: () =>
      new AppError(
        429,
        ErrorCode.RateLimited,
        `本村还有 ${MAX_OPEN_DECISIONS} 件议事没有办完，请先办完再新建`,
      ),
    insert: (limitSlot) =>
      Decisions.create({
        villageCode,
        title: req.title,
        kind: req.kind,
        description: req.description,
        status: 'deliberating',
        nextStep: 'proposal',
        steps: [],
        createdBy,
        limitSlot,
      }),
  })
}
