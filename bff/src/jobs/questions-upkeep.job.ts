import type { Logger } from '../logger'
import type { Services } from '../services'

/**
 * Sends open questions past their deadline to the township (QuestionsService.escalateOverdue) every `intervalMs`
 * until stopped; a failing pass is logged and retried next time. `POST /api/v1/dev/upkeep` runs one pass at once.
 */
export function startQuestionUpkeep(
  services: Services,
  logger: Logger,
  intervalMs: number,
): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    services.questions
      .escalateOverdue()
      .then((escalated) => {
        if (escalated) logger.info({ escalated }, 'overdue questions sent to the township')
      })
      .catch((err: unknown) => logger.error({ err }, 'question upkeep failed'))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
