import type { Logger } from '../logger'
import type { Services } from '../services'
import { startPeriodic } from './periodic'

/**
 * Sends open questions past their deadline to the township (QuestionsService.escalateOverdue) every `intervalMs`
 * until stopped; a failing pass is logged and retried next time. `POST /api/v1/dev/upkeep` runs one pass at once.
 */
export function startQuestionUpkeep(
  services: Services,
  logger: Logger,
  intervalMs: number,
): { stop(): void } {
  return startPeriodic(
    intervalMs,
    async () => {
      const escalated = await services.questions.escalateOverdue()
      if (escalated) logger.info({ escalated }, 'overdue questions sent to the township')
    },
    (err) => logger.error({ err }, 'question upkeep failed'),
  )
}
