// After a new draft is saved, the editor's address names the draft instead of the catalog item (?itemId=…), so that
// reloading the page (or coming back to it) reopens the draft instead of an empty 新建 form whose save would then
// fail with disclosure_exists.
import Taro from '@tarojs/taro'
import { Routes, pageUrl } from '@/routes'
import { isH5 } from '@/utils/platform'

/** The editor's address for a saved draft. */
export function draftUrl(id: string): string {
  return pageUrl(Routes.SecretaryDisclosureEdit, { id })
}

/**
 * Puts the saved draft's id in the page address. In the browser the address is replaced where it stands (the hash
 * router reads it on reload; the history entry keeps its state, so 返回 still works) and the page keeps what is on
 * screen; WeChat has no such address, so the page is replaced by the draft's (Taro.redirectTo), after a toast.
 */
export async function showDraftInUrl(id: string, saved: string): Promise<void> {
  if (isH5()) {
    const { pathname, search } = window.location
    window.history.replaceState(window.history.state, '', `${pathname}${search}#${draftUrl(id)}`)
    return
  }
  await Taro.showToast({ title: saved, icon: 'success' })
  await Taro.redirectTo({ url: draftUrl(id) })
}
