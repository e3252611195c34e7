import type { PropsWithChildren } from 'react'
import { installSession } from '@/services/session'
import { installRemSizing } from '@/utils/h5-rem'
import { isH5 } from '@/utils/platform'
import './app.scss'

// Every request from here on carries the signed-in user's token and refreshes it when it expires.
installSession()
if (isH5()) installRemSizing()

/** The app shell: Taro renders the current page as `children`. */
function App({ children }: PropsWithChildren) {
  return children
}

export default App
