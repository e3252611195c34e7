// Asking, at the moment a villager submits a question, for WeChat's permission to send the answer as a
// subscribe message (one-time template "question reply"), and recording that answer with the BFF so the
// reply can use it (docs/questions.md, notifications; docs/wechat.md, subscribe messages).
import { listSubscriptions, createSubscription } from '@/services/api/notifications'
import { askSubscribeDecisions, newRequestId, pickTemplateIds } from '@/services/api/subscribe'

/** The template ids for question replies, or none when they cannot be read (asking then goes on without). */
export async function loadReplyTemplateIds(): Promise<string[]> {
  try {
    return pickTemplateIds((await listSubscriptions()).templates, ['question'])
  } catch {
    return []
  }
}

/**
 * Shows WeChat's prompt for the reply templates and records the villager's answer. Call it first in the tap
 * handler (WeChat opens the prompt only from a tap). Never throws: a refusal, a closed prompt or a failed
 * recording leaves the question to be asked as usual; the answer then reaches the villager's 消息 only.
 */
export async function askReplyReminder(templateIds: string[]): Promise<void> {
  if (templateIds.length === 0) return
  try {
    const results = await askSubscribeDecisions(templateIds)
    if (Object.keys(results).length === 0) return
    await createSubscription({ results, requestId: newRequestId() })
  } catch {
    // Nothing to do: the question does not depend on the reminder.
  }
}
