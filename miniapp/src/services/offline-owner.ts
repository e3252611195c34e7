import { clearAllKeptDrafts } from '@/services/kept-drafts'
import { setOfflineCacheOwner } from '@/services/offline-cache'
import { getSession, subscribeSession } from '@/services/session'
import { tokenSubject } from '@/services/session-owner'

export { tokenSubject } from '@/services/session-owner'

/**
 * Ties what the phone keeps to the person signed in on it: the offline cache (docs/offline.md) and the text typed in
 * staff forms and not sent yet (services/kept-drafts.ts). Both are emptied at sign-out and when another person signs
 * in, so nobody reads what was kept for someone else; with nobody signed in, no typed text is kept. Call once at
 * start-up.
 */
export function installOfflineCacheOwner(): () => void {
  const sync = () => {
    // Signing out makes the owner '' (nobody), which differs from the person the answers were kept for.
    const owner = tokenSubject(getSession()?.accessToken)
    if (setOfflineCacheOwner(owner) || owner === '') clearAllKeptDrafts()
  }
  sync()
  return subscribeSession(sync)
}
