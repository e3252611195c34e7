// Personal features wait until the person has accepted the current privacy policy (docs/privacy.md): at first
// sign-in and whenever the policy's version changes, the app opens the policy page first.
import Taro from '@tarojs/taro'
import { getPrivacyStatus } from '@/services/api/privacy-status'
import { isSignedIn } from '@/services/session'
import { Routes, pageUrl } from '@/routes'

/**
 * Where to go after signing in: the policy page first (then `target`) when it still needs accepting. When the
 * check fails the policy page is opened too: it reads the status itself and lets an accepted person go on.
 */
export async function pageAfterSignIn(target: string): Promise<string> {
  const policyFirst = pageUrl(Routes.Privacy, { redirect: target })
  try {
    return (await getPrivacyStatus()).needsAcceptance ? policyFirst : target
  } catch {
    return policyFirst
  }
}

/**
 * On start, for a person already signed in: opens the policy page when the version changed since they
 * accepted. A failed check (offline, say) lets the app open as usual; the next start asks again.
 */
export async function checkPrivacyOnLaunch(currentPath: string | undefined): Promise<void> {
  if (!isSignedIn()) return
  if (currentPath && `/${currentPath.replace(/^\//, '')}`.startsWith(Routes.Privacy.replace(/\/index$/, '')))
    return
  try {
    const status = await getPrivacyStatus()
    if (status.needsAcceptance)
      await Taro.reLaunch({ url: pageUrl(Routes.Privacy, { redirect: Routes.Home }) })
  } catch {
    // Not fatal: the policy is asked for again at the next start or sign-in.
  }
}
