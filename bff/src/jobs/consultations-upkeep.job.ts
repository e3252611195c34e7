import type { Logger } from '../logger'
import type { Services } from '../services'

/**
 * Every `intervalMs` until stopped: announces consultations a crash left unannounced, sends the reminders due a day
 * before the deadline and freezes the tallies of ended consultations (ConsultationNoticesService.upkeep); each
 * event is keyed by its consultation, so nothing goes out twice. `POST /api/v1/dev/upkeep` runs one pass at once.
 */
export function startConsultationUpkeep(
  services: Services,
  logger: Logger,
  intervalMs: number,
): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    services.consultationNotices
      .upkeep()
      .then((r) => {
        if (r.announced || r.reminded || r.closed) logger.info(r, 'consultation upkeep')
      })
      .catch((err: unknown) => logger.error({ err }, 'consultation upkeep failed'))
      .finally(() => {
        running = false
      })
  }, intervalMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
