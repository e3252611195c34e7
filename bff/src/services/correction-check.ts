import { isDeepStrictEqual } from 'node:util'
import { OPEN_CONTENT_DISCLOSURE_STATUSES } from '@cunwu/domain'
import type { Models } from '../models'
import type { Disclosure } from '../models/Disclosure.model'

/**
 * What an objection can be about in a version: its rows, or (for one about no row) its text and named figures too.
 * A new title or interpretation alone corrects nothing, nor do its status, dates or change note.
 */
function contentOf(d: Pick<Disclosure, 'body' | 'rows' | 'figures'>, rowsOnly: boolean) {
  const rows = d.rows ?? null
  if (rowsOnly) return { rows }
  return {
    body: d.body.trim(),
    rows,
    figures: (d.figures ?? []).map((f) => ({ name: f.name, value: f.value, unit: f.unit ?? null })),
  }
}

/**
 * For a draft that corrects villagers' objections (a thread's `correctionDisclosureId`, docs/questions.md): the
 * version number of the published version it does not differ from where the objections are (see contentOf), else
 * null. Publishing it would mark the objections
 * 采纳 and tell the askers 已发布更正后的第N版 with nothing corrected, so submitting it is refused.
 */
export async function unchangedCorrectionOf(
  models: Pick<Models, 'Disclosure' | 'Question'>,
  draft: Disclosure,
): Promise<number | null> {
  if (draft.version <= 1) return null
  const objections = await models.Question.find(
    { correctionDisclosureId: draft._id, status: 'open' },
    { rowRef: 1 },
  ).lean()
  if (objections.length === 0) return null
  // An objection about a row is corrected only by a change of the rows.
  const rowsOnly = objections.some((q) => q.rowRef !== null)
  const previous = await models.Disclosure.findOne({
    seriesKey: draft.seriesKey,
    version: { $lt: draft.version },
    status: { $in: [...OPEN_CONTENT_DISCLOSURE_STATUSES] },
  })
    .sort({ version: -1 })
    .lean()
  if (!previous) return null
  return isDeepStrictEqual(contentOf(previous, rowsOnly), contentOf(draft, rowsOnly))
    ? previous.version
    : null
}
