import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DecisionDto, DisclosureDto } from '@cunwu/domain'
import { getDisclosure } from '@/services/api/disclosures'
import { Routes, pageUrl } from '@/routes'

type DisclosureRef = DecisionDto['resolutionDisclosure']

/** The decision's disclosures sent back for changes (退回修改中, a draft again), by id. */
export type ReturnedDrafts = Record<string, DisclosureDto>

/**
 * Reads, for the village's secretary, the decision's disclosures that are drafts again: the reviewer's comment is
 * on the draft, which only the village's staff may read (the decision's view is the same for everyone). One that
 * cannot be read is left out: the page still links it.
 */
export async function loadReturnedDrafts(d: DecisionDto, secretary: boolean): Promise<ReturnedDrafts> {
  if (!secretary) return {}
  const drafts = [d.resolutionDisclosure, d.resultsDisclosure].filter((r) => r?.status === 'draft')
  const read = await Promise.all(drafts.map((r) => (r ? getDisclosure(r.id).catch(() => null) : null)))
  return Object.fromEntries(read.filter((x): x is DisclosureDto => x !== null).map((x) => [x.id, x]))
}

/**
 * Under a disclosure the township returned, for the village's secretary: why it came back (乡镇退回意见：…) and the
 * way to the draft, where it is changed and sent again.
 */
export function ReturnedDraft({ disclosure, draft }: { disclosure: DisclosureRef; draft?: DisclosureDto }) {
  if (disclosure?.status !== 'draft') return null
  return (
    <View className="cw-decision__returned">
      {draft?.reviewComment && (
        <Text className="cw-decide__line cw-decision__review-comment">
          {draft.reviewOffice ?? '审核人'}退回意见：{draft.reviewComment}
        </Text>
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-decision__open-draft"
        onClick={() =>
          void Taro.navigateTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, { id: disclosure.id }) })
        }
      >
        打开退回的草稿
      </Button>
    </View>
  )
}
