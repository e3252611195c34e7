import Taro from '@tarojs/taro'
import type { QuestionKind } from '@cunwu/domain'

/** What a signed-out villager had typed in the ask form, kept while they sign in (the sign-in page relaunches the app). */
export interface AskDraft {
  disclosureId: string
  kind: QuestionKind
  row: string
  text: string
}

const DRAFT_KEY = 'cw.askDraft'

/** Keeps the form's words for after the sign-in (photos are not kept: WeChat's picked files are temporary). */
export function keepAskDraft(draft: AskDraft): void {
  try {
    Taro.setStorageSync(DRAFT_KEY, draft)
  } catch {
    // Storage full or refused: the person types again, as before.
  }
}

/** The words kept for this disclosure, once: they are removed as they are read. */
export function takeAskDraft(disclosureId: string): AskDraft | null {
  try {
    const stored: unknown = Taro.getStorageSync(DRAFT_KEY)
    if (!stored || typeof stored !== 'object') return null
    const draft = stored as Partial<AskDraft>
    if (draft.disclosureId !== disclosureId || typeof draft.text !== 'string') return null
    Taro.removeStorageSync(DRAFT_KEY)
    return {
      disclosureId,
      kind: draft.kind === 'objection' ? 'objection' : 'question',
      row: typeof draft.row === 'string' ? draft.row : '',
      text: draft.text,
    }
  } catch {
    return null
  }
}
