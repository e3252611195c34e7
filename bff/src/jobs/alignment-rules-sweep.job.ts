import type { Logger } from '../logger'
import type { Services } from '../services'
import type { AlignmentRulesSweepOptions } from '../services/alignment-rules-sweep.service'
import { startPeriodic } from './periodic'

/**
 * Every `intervalMs` until stopped: one pass of the sweep recomputing alignments stored under older comparison rules
 * (`AlignmentRulesSweep`: batches with a pause between them, at most a few minutes a pass, under the sweep's lease
 * so one instance does the work). A failing pass is logged and the next continues from the checkpoint.
 */
export function startAlignmentRulesSweep(
  services: Services,
  logger: Logger,
  intervalMs: number,
  options: AlignmentRulesSweepOptions = {},
): { stop(): void } {
  return startPeriodic(
    intervalMs,
    async () => {
      const r = await services.alignmentRulesSweep.run(options)
      if (r.recomputed > 0) logger.info(r, 'alignments recomputed under the current comparison rules')
    },
    (err) => logger.error({ err }, 'alignment rules sweep failed'),
  )
}
