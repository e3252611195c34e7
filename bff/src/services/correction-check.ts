import { isDeepStrictEqual } from 'node:util'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'

/** What a reader of a version sees of its content (not its status, dates or change note). */
function contentOf(d: Pick<Disclosure, 'title' | 'body' | 'rows' | 'interpretation' | 'figures'>) {
  return {
    title: d.title,
    body: d.body,
    rows: d.rows ?? null,
    interpretation: d.interpretation ?? null,
    figures: (d.figures ?? []).map((f) => ({ name: f.name, value: f.value, unit: f.unit ?? null })),
  }
}

/**
 * For a draft that corrects villagers' objections (a thread's `correctionDisclosureId`, docs/questions.md): the
 * version number of the published version it is identical to, else null. Publishing it would mark the objections
 * 采纳 and tell the askers 已发布更正后的第N版 with nothing corrected, so submitting it is refused.
 */
export async function unchangedCorrectionOf(
  models: Pick<Models, 'Disclosure' | 'Question'>,
  draft: Disclosure,
): Promise<number | null> {
  if (draft.version <= 1) return null
  const corrects = await models.Question.exists({ correctionDisclosureId: draft._id, status: 'open' })
  if (!corrects) return null
  const previous = await models.Disclosure.findOne({
    seriesKey: draft.seriesKey,
    version: { $lt: draft.version },
    status: { $in: ['published', 'superseded', 'expired'] },
  })
    .sort({ version: -1 })
    .lean()
  if (!previous) return null
  return isDeepStrictEqual(contentOf(previous), contentOf(draft)) ? previous.version : null
}
