import { useEffect, type PropsWithChildren } from 'react'
import Taro, { usePageNotFound } from '@tarojs/taro'
import { installSession } from '@/services/session'
import { installOfflineCacheOwner } from '@/services/offline-owner'
import { installPrivacyAuthorization } from '@/services/privacy-authorization'
import { checkPrivacyOnLaunch } from '@/services/privacy-gate'
import { installElderlyMode } from '@/services/elderly-mode'
import { installButtonRoles } from '@/utils/h5-button-role'
import { installChunkErrorHandler } from '@/utils/h5-chunk-errors'
import { installPageRegions } from '@/utils/h5-page-regions'
import { installRemSizing } from '@/utils/h5-rem'
import { registerServiceWorker } from '@/utils/h5-service-worker'
import { isH5 } from '@/utils/platform'
import { openHomeForMissingPage } from '@/utils/page-not-found'
import './app.scss'

// Every request from here on carries the signed-in user's token and refreshes it when it expires.
installSession()
// What is kept for reading offline belongs to the person signed in; sign-out or another person empties it.
installOfflineCacheOwner()
// WeChat asks before privacy APIs (e.g. choosing a file) run; our consent sheet answers (no-op in H5).
installPrivacyAuthorization()
// 长辈模式 as stored (or as WeChat's font size asks) before the first page renders.
installElderlyMode()
if (isH5()) {
  installRemSizing()
  installButtonRoles()
  installPageRegions()
  // Offline, a page whose code was never fetched cannot open: say so, with 重试, and keep Back working.
  installChunkErrorHandler()
  registerServiceWorker()
}

/** The app shell: Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  // A person signed in before the privacy policy changed is asked to accept the new version first.
  useEffect(() => {
    void checkPrivacyOnLaunch(Taro.getCurrentInstance().router?.path)
  }, [])
  // An address that names no page opens the home and says so (utils/page-not-found.ts).
  usePageNotFound(openHomeForMissingPage)
  // H5: the app is here; the static 正在打开… of index.html goes.
  useEffect(() => {
    if (isH5()) document.getElementById('cw-boot')?.remove()
  }, [])
  return children
}

export default App
