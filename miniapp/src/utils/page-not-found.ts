// An address that names no page (an old or mistyped link, a QR code of a page since removed): Taro's router finds no
// page and, in H5, leaves a blank screen (or the previous page under the new address); WeChat calls the app's
// onPageNotFound, which must redirect synchronously
// (https://developers.weixin.qq.com/miniprogram/dev/reference/api/App.html#onPageNotFound-Object-object).
// Both open the home instead and say why (docs/miniapp.md, "Addresses that name no page").
import Taro from '@tarojs/taro'
import { Routes } from '@/routes'
import { isH5 } from '@/utils/platform'

/** What the person is told when the address they opened names no page. */
export const MISSING_PAGE_TEXT = '没有这个页面，已回到首页'

const say = () => void Taro.showToast({ title: MISSING_PAGE_TEXT, icon: 'none', duration: 3000 })

/** Opens the home in place of a page that does not exist, then says so. */
export function openHomeForMissingPage(): void {
  // Taro's H5 hides every toast once a page change has settled (its '__afterTaroRouterChange' event, which
  // @tarojs/taro-h5 listens to from its start, so this listener runs after that one): say it then.
  if (isH5()) Taro.eventCenter.once('__afterTaroRouterChange', say)
  void Taro.reLaunch({ url: Routes.Home }).then(
    () => (isH5() ? undefined : say()),
    () => undefined,
  )
}
