import type { Logger } from '../logger'
import type { Services } from '../services'
import { startPeriodic } from './periodic'

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
  return startPeriodic(
    intervalMs,
    async () => {
      const r = await services.consultationNotices.upkeep()
      if (r.announced || r.reminded || r.closed) logger.info(r, 'consultation upkeep')
    },
    (err) => logger.error({ err }, 'consultation upkeep failed'),
  )
}
