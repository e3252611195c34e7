// The editor's typed text kept on the phone until it is saved (tester p1, D6; hooks/use-kept-draft.ts).
import type { CatalogItem, DisclosureDto } from '@cunwu/domain'
import { clearKeptDraft, readKeptDraft, sameDraft, useKeptDraft } from '@/hooks/use-kept-draft'
import { formOf, revisionOf, type Form } from './form'

/**
 * What is kept: the text typed (period, title, body, Q&A, figures) and the revision of the draft it was typed on.
 * The table's rows are not kept: an import is saved when applied, and a list of thousands of rows would fill the
 * phone's storage.
 */
type KeptText = Pick<Form, 'period' | 'title' | 'body' | 'qa' | 'figures'> & { revision?: number }

/**
 * One key per draft (its id names its village, item and period), and one per village, catalog item and period for a
 * draft not saved yet: text typed for a new 2025-Q1 comes back only when a new draft of that item is opened for
 * 2025-Q1 (tester r1, N3) in the same village, never into another period's, nor into a draft the secretary writes in
 * the place of a village merged into theirs (`village` is the one the page acts for, ../merged). Whose text it is,
 * services/kept-drafts.ts adds.
 */
export function keptKeyOf(
  village: string,
  item: CatalogItem,
  d: DisclosureDto | null,
  period: string,
): string {
  return d ? `disclosure-edit.${d.id}` : `disclosure-edit.new.${village}.${item.id}.${period}`
}

function textOf(form: Form): Omit<KeptText, 'revision'> {
  return { period: form.period, title: form.title, body: form.body, qa: form.qa, figures: form.figures }
}

/** Keeps the text of an editable draft (or a new one) as it is typed, while it differs from the draft as loaded. */
export function useKeptEditorText(
  open: { grant: { regionCode: string }; item: CatalogItem; disclosure: DisclosureDto | null } | null,
  form: Form | null,
): void {
  const d = open?.disclosure ?? null
  const editable = d === null || d.status === 'draft'
  const at = revisionOf(d)
  useKeptDraft<KeptText | null>(
    open && form && editable ? keptKeyOf(open.grant.regionCode, open.item, d, form.period) : null,
    form ? { ...textOf(form), ...at } : null,
    open && form ? { ...textOf(formOf(open.item, d, form.period)), ...at } : null,
  )
}

/**
 * The editor as it opens: the text kept for this draft put back into `opened` with a line saying so, or `opened`
 * as it is. Text typed on a revision someone else has saved over since is put back too, with the page holding that
 * older revision, so saving it is refused (409 disclosure_stale, 载入最新内容) rather than overwriting theirs.
 */
export function openWithKeptText(
  village: string,
  item: CatalogItem,
  d: DisclosureDto | null,
  opened: Form,
): { form: Form; disclosure: DisclosureDto | null; notice: string | null } {
  const key = keptKeyOf(village, item, d, opened.period)
  const kept = d === null || d.status === 'draft' ? readKeptDraft<KeptText>(key) : null
  if (!kept || sameDraft({ ...textOf(opened), ...kept, revision: undefined }, textOf(opened))) {
    if (kept) clearKeptDraft(key)
    return { form: opened, disclosure: d, notice: null }
  }
  const { revision, ...text } = kept
  // The period is the one opened (the key's), whatever the kept copy says.
  const form = { ...opened, ...text, period: opened.period }
  if (!d || revision === undefined || revision === d.revision)
    return { form, disclosure: d, notice: '已恢复您上次没有保存的文字，请核对后保存。' }
  return {
    form,
    disclosure: { ...d, revision },
    notice:
      '已恢复您上次没有保存的文字。这条内容之后又被别人改过，保存时会请您先载入最新内容，需要的文字请先记下来。',
  }
}
