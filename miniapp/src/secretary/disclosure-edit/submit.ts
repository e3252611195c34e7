import type { DisclosureDto } from '@cunwu/domain'
import type { LostAnswers, Outcome } from '@/hooks/use-lost-answers'
import { submitDisclosure } from '@/services/api/disclosure-drafts'
import { getDisclosure } from '@/services/api/disclosures'
import { revisionOf } from './form'

/** Said when a 提交乡镇审核 tapped again finds the draft already sent by the tap whose answer was lost. */
export const ALREADY_SUBMITTED = '已经提交乡镇审核了：刚才那次已经办成，只是网络慢，回复晚到了，不用再交'

/**
 * 提交乡镇审核: saves the form (`save`), then sends the saved draft for review with what the secretary confirmed.
 * A save whose answer was lost is found done by `save` itself (save.ts), and the submit then goes ahead. Tapped
 * again after a submit's answer was lost, the save or submit is refused (409: the draft is no longer editable); the
 * draft is then read again, and one already sent (any status but draft) is the earlier tap's work,
 * answered as `already` with the draft as stored (`hooks/use-lost-answers.ts`).
 */
export function submitForReview(
  lost: LostAnswers,
  d: DisclosureDto | null,
  save: () => Promise<Outcome<DisclosureDto, DisclosureDto>>,
  confirmed: { roster: boolean; noRows: boolean },
): Promise<Outcome<DisclosureDto, DisclosureDto>> {
  return lost.run(
    `submit:${d?.id ?? 'new'}`,
    async () => {
      const saved = (await save()).value
      return submitDisclosure(saved.id, {
        confirmRosterMismatches: confirmed.roster,
        confirmNoRows: confirmed.noRows,
        ...revisionOf(saved),
      })
    },
    async () => {
      if (!d) return null
      const now = await getDisclosure(d.id)
      return now.status === 'draft' ? null : now
    },
  )
}
