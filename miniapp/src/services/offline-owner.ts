import { clearAllKeptDrafts } from '@/services/kept-drafts'
import { setOfflineCacheOwner } from '@/services/offline-cache'
import { getSession, subscribeSession } from '@/services/session'

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

// The payload of our access tokens is ASCII JSON; WeChat's JS engine has no atob, so it is decoded here.
function decodeBase64UrlAscii(text: string): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const char of text) {
    const digit = BASE64URL.indexOf(char)
    if (digit < 0) break
    value = (value << 6) | digit
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out += String.fromCharCode((value >> bits) & 0xff)
    }
  }
  return out
}

/**
 * The user id an access token was issued to (its JWT `sub`; the BFF signs it, the phone only reads it to tell one
 * person from another), or '' when there is none or it cannot be read.
 */
export function tokenSubject(accessToken: string | undefined): string {
  const payload = accessToken?.split('.')[1]
  if (!payload) return ''
  try {
    const claims: unknown = JSON.parse(decodeBase64UrlAscii(payload))
    if (typeof claims === 'object' && claims !== null && 'sub' in claims && typeof claims.sub === 'string') {
      return claims.sub
    }
  } catch {
    // Not a JWT we can read: treated as nobody, so nothing of another person is shown.
  }
  return ''
}

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
