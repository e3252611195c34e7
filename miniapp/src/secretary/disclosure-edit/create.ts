import type { DisclosureCreateReq, DisclosureDto } from '@cunwu/domain'
import type { LostAnswers, Outcome } from '@/hooks/use-lost-answers'
import { createDisclosure } from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { existingDisclosureOf } from '../components/row-errors'
import { draftHolds, saveDraft } from './save'

/** The fields of a create as a save of the draft sends them. */
function fieldsOf({ title, body, interpretation, figures, rows }: DisclosureCreateReq) {
  return { title, body, interpretation, figures: figures ?? [], rows }
}

/**
 * 保存草稿 (or 提交乡镇审核) of a new draft: creates it with the form's `idempotencyKey` (the same while the text is
 * the same), so a retry after a lost answer gets the draft the first tap made (201 again) from the BFF. A retry after
 * the secretary changed the text has another key and is refused 409 `disclosure_exists` naming the draft of the item
 * and period; when the first tap got no answer and that draft, still a first draft, holds what a tap without an
 * answer sent, the first tap made it: the page lands in it, as `already` when it holds this tap's text too, else with
 * this tap's text saved on top of it (save.ts). Any other 409 disclosure_exists stands (打开已有的内容).
 */
export async function createDraft(
  lost: LostAnswers,
  villageCode: string,
  req: DisclosureCreateReq,
  idempotencyKey: string,
): Promise<Outcome<DisclosureDto, DisclosureDto>> {
  const sent = fieldsOf(req)
  const outcome = await lost.run(
    `create:${req.catalogItemId}.${req.period}`,
    () => createDisclosure(villageCode, req, idempotencyKey),
    async (refusal, lostSends) => {
      const id = existingDisclosureOf(refusal)
      if (!id) return null
      const found = await getDisclosure(id)
      if (found.status !== 'draft' || found.version !== 1) return null
      return lostSends.some((earlier) => draftHolds(found, earlier)) ? found : null
    },
    sent,
  )
  if (!outcome.already || draftHolds(outcome.value, sent)) return outcome
  return { already: false, value: (await saveDraft(lost, outcome.value, sent)).value }
}
