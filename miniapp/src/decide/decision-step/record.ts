import type { DecisionDto, DecisionStepKind } from '@cunwu/domain'
import type { LostAnswers, Outcome } from '@/hooks/use-lost-answers'
import { getDecision, recordDecisionStep, type DecisionStepInput } from '@/services/api/decisions'

/** Said (a toast, then the matter's page) when 保存这一步 tapped again finds the step recorded by the lost tap. */
export const STEP_ALREADY_SAVED = '这一步刚才已经保存好了（网络慢，回复晚到了）'

/**
 * 保存这一步: records `step` of the matter `id`. Tapped again after an answer lost on a weak network, the BFF refuses
 * it (409: the next step is another one); the matter is then read again, and the step found recorded is the earlier
 * tap's work, answered as `already` (`hooks/use-lost-answers.ts`).
 */
export function recordStepOnce(
  lost: LostAnswers,
  id: string,
  step: DecisionStepKind,
  req: DecisionStepInput,
): Promise<Outcome<DecisionDto, DecisionDto>> {
  return lost.run(
    `step:${id}:${step}`,
    () => recordDecisionStep(id, req),
    async () => {
      const now = await getDecision(id)
      return now.steps.some((s) => s.step === step) ? now : null
    },
  )
}
