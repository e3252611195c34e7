// The top of the disclosure editor: what is being edited (title, status and version, the reviewer's comment, the
// change note, the catalog's guidance) and its period: fixed once saved, chosen by chip for a new draft.
import { Text } from '@tarojs/components'
import { DISCLOSURE_STATUS_LABELS, type CatalogItem, type DisclosureDto } from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { clearKeptDraft } from '@/hooks/use-kept-draft'
import { periodLabel } from '@/utils/period'
import { periodChoices, type Form } from './form'
import type { ActingGrant } from '../merged'
import { keptKeyOf } from './kept-text'
import { Guidance } from './parts'

/** Title, status and version, the reviewer's comment on a returned draft, the change note and the guidance. */
export function EditorHeading({ item, d }: { item: CatalogItem; d: DisclosureDto | null }) {
  return (
    <>
      <Text className="cw-sedit__title">{d ? d.title : `新建：${item.name}`}</Text>
      {d && (
        <Text className={`cw-sedit__status cw-sedit__status--${d.status}`}>
          {DISCLOSURE_STATUS_LABELS[d.status]} · 第{d.version}版
        </Text>
      )}
      {d?.reviewComment && d.status === 'draft' && (
        <Text className="cw-sedit__review-comment">
          {d.reviewOffice ?? '审核人'}退回意见：{d.reviewComment}
        </Text>
      )}
      {d?.changeNote && <Text className="cw-sedit__meta">更改说明：{d.changeNote}</Text>}
      <Guidance item={item} />
    </>
  )
}

/**
 * The period: as saved, or for a new draft the chips of the item's cadence (the title follows the period); in the
 * place of a village merged into the secretary's (`grant.retiredOn`), only the periods it still owes.
 */
export function PeriodField(props: {
  grant: ActingGrant
  item: CatalogItem
  d: DisclosureDto | null
  form: Form
  onChange: (patch: Partial<Form>) => void
}) {
  const { grant, item, d, form, onChange } = props
  const choices = d ? [] : periodChoices(item, form.period, grant.retiredOn)
  return (
    <>
      <Text className="cw-sedit__label">期次</Text>
      {d ? (
        <Text className="cw-sedit__value">{periodLabel(d.period)}</Text>
      ) : choices.length === 0 ? (
        <Text className="cw-sedit__value">
          {grant.inPlaceOf
            ? `${grant.inPlaceOf}撤并前没有还欠着的这一项，不需要代为公开`
            : '这一项现在没有可以公开的期次'}
        </Text>
      ) : (
        <ChoiceChips
          label="期次"
          value={form.period}
          choices={choices.map((p) => ({ value: p.key, words: p.label }))}
          onChange={(period) => {
            // What was kept for the period left goes with the text to the one chosen.
            clearKeptDraft(keptKeyOf(grant.regionCode, item, null, form.period))
            onChange({ period, title: `${periodLabel(period)}${item.name}` })
          }}
          className="cw-sedit__periods"
          optionClassName="cw-sedit__period"
          checkedClassName="cw-sedit__period--on"
        />
      )}
    </>
  )
}
