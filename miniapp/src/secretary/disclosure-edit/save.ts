import type { DisclosureDto, DisclosureUpdateReq } from '@cunwu/domain'
import type { LostAnswers, Outcome } from '@/hooks/use-lost-answers'
import { updateDisclosure } from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { revisionOf } from './form'

/** Said when 保存草稿 tapped again finds the draft already saved by the tap whose answer was lost. */
export const ALREADY_SAVED = '草稿已保存：刚才那次已经保存好了，只是网络慢，回复晚到了'

/** True when `stored` holds every value of `sent` (objects by their sent keys; null and absent alike). */
function holds(stored: unknown, sent: unknown): boolean {
  if (sent === null || sent === undefined) return stored === null || stored === undefined
  if (Array.isArray(sent))
    return Array.isArray(stored) && stored.length === sent.length && sent.every((v, i) => holds(stored[i], v))
  if (typeof sent === 'object') {
    if (typeof stored !== 'object' || stored === null) return false
    const s = stored as Record<string, unknown>
    return Object.entries(sent).every(([k, v]) => holds(s[k], v))
  }
  return stored === sent
}

/** The draft's saved fields under the names a save sends them. */
function fieldsStored(d: DisclosureDto): Record<string, unknown> {
  return {
    title: d.title,
    body: d.body,
    interpretation: d.interpretation,
    figures: d.figures,
    rows: d.table?.rows ?? null,
  }
}

/** What the stored draft `d` holds of `sent` (a save's or a create's fields): every value sent, as sent. */
export function draftHolds(d: DisclosureDto, sent: unknown): boolean {
  return holds(fieldsStored(d), sent)
}

/** What the earlier tap's save left: the draft as this tap would have saved it, or its own save under changed text. */
type Found = { now: DisclosureDto; resend: boolean }

/**
 * 保存草稿 of an existing draft `d` (also the first half of 提交乡镇审核), sending `sent` with the revision the page
 * read. On one bar of signal the BFF may save it and its answer come after the timeout; tapped again, the save is
 * refused 409 `disclosure_stale` (the revision moved on, by this page's own save). The draft is then read again;
 * when it is still a draft, exactly one save later than the page's copy:
 *
 * - it holds what this tap sends: the earlier tap saved it, answered as `already` with the draft as stored;
 * - it holds what a tap without an answer sent, and the secretary has changed the text since: that revision is their
 *   own save, not a colleague's, so this tap's text is sent again on top of it and answered as a save of its own.
 *
 * Anything else is a colleague's change: the refusal stands (载入最新内容; docs/miniapp.md, "Forms").
 */
export async function saveDraft(
  lost: LostAnswers,
  d: DisclosureDto,
  sent: Omit<DisclosureUpdateReq, 'revision'>,
): Promise<Outcome<DisclosureDto, DisclosureDto>> {
  const outcome = await lost.run<DisclosureDto, Found>(
    `save:${d.id}`,
    () => updateDisclosure(d.id, { ...sent, ...revisionOf(d) }),
    async (_refusal, lostSends) => {
      const now = await getDisclosure(d.id)
      const ownSave = d.revision !== undefined && now.revision === d.revision + 1
      if (now.status !== 'draft' || !ownSave) return null
      if (draftHolds(now, sent)) return { now, resend: false }
      return lostSends.some((earlier) => draftHolds(now, earlier)) ? { now, resend: true } : null
    },
    sent,
  )
  if (!outcome.already) return outcome
  if (!outcome.value.resend) return { already: true, value: outcome.value.now }
  // On the revision of the secretary's own save: a colleague who saved meanwhile still gets this refused.
  return saveDraft(lost, outcome.value.now, sent)
}
