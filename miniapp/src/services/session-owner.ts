// Whose phone (or browser) this is now: the one rule for what is kept for a person (the offline cache,
// services/offline-owner.ts; the text typed in staff forms, services/kept-drafts.ts).
import { getSession, storedSession } from '@/services/session'

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
 * The person signed in now: the user id of this page's session when storage still holds a session of the same
 * person, else '' (nobody). They differ in an H5 tab whose session another tab replaced: on a shared office computer
 * tab B signs out, or signs someone else in, while tab A still holds the first person's tokens in memory; what tab A
 * would keep or read then is nobody's. In the mini-program there is one page context, and the two are the same.
 */
export function signedInOwner(): string {
  const page = tokenSubject(getSession()?.accessToken)
  return page !== '' && page === tokenSubject(storedSession()?.accessToken) ? page : ''
}
