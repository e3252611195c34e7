import Taro from '@tarojs/taro'
import { ErrorCode, type AuthTokensDto } from '@cunwu/domain'
import { logout, refreshTokens } from '@/services/api/auth'
import { ApiError, setAuthFailureHandler, setAuthTokenGetter } from '@/services/request'

/** The tokens of the signed-in user, as kept in Taro storage. */
export interface Session {
  accessToken: string
  /** Single use: every refresh returns a new one and kills the old. */
  refreshToken: string
  /** Epoch milliseconds after which the access token is refused. */
  expiresAt: number
}

const STORAGE_KEY = 'cw.session'
// Refresh a little before the server's deadline, so a request sent now does not arrive with a dead token.
const EXPIRY_MARGIN_MS = 30_000

// undefined: not read from storage yet (storage is read lazily so tests and pages share one code path).
let current: Session | null | undefined
// Bumped by every sign-in and sign-out, so a refresh that finishes afterwards cannot resurrect old tokens.
let generation = 0
let refreshing: Promise<boolean> | null = null
const listeners = new Set<() => void>()

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const v: Record<string, unknown> = { ...value }
  return (
    typeof v.accessToken === 'string' && typeof v.refreshToken === 'string' && typeof v.expiresAt === 'number'
  )
}

function readStorage(): Session | null {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY)
    return isSession(stored) ? stored : null
  } catch {
    return null
  }
}

function store(session: Session | null): void {
  current = session
  generation += 1
  try {
    if (session) Taro.setStorageSync(STORAGE_KEY, session)
    else Taro.removeStorageSync(STORAGE_KEY)
  } catch {
    // Storage full or unavailable: the session still works until the app closes.
  }
  for (const listener of [...listeners]) listener()
}

/** The current session, or null when signed out. */
export function getSession(): Session | null {
  if (current === undefined) current = readStorage()
  return current
}

/**
 * The session as storage holds it now, read afresh. In H5 another tab of the same browser may have signed out, or
 * signed someone else in, since this page read {@link getSession} (services/session-owner.ts).
 */
export function storedSession(): Session | null {
  return readStorage()
}

/** Whether someone is signed in on this phone. */
export function isSignedIn(): boolean {
  return getSession() !== null
}

/** Keeps the tokens from a sign-in or refresh. */
export function saveTokens(tokens: AuthTokensDto): void {
  store({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + tokens.expiresIn * 1000,
  })
}

/** Forgets the tokens on this phone (the server session is left alone; see {@link signOut}). */
export function clearSession(): void {
  if (getSession() === null) return
  store(null)
}

/** Calls `listener` whenever the user signs in or out or the tokens change; returns the unsubscribe function. */
export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

async function doRefresh(session: Session): Promise<boolean> {
  const startedIn = generation
  try {
    const tokens = await refreshTokens(session.refreshToken)
    if (startedIn !== generation) return getSession() !== null
    saveTokens(tokens)
    return true
  } catch (err) {
    // The server refused the refresh token (expired, reused or revoked): this session is over. A network
    // failure is not a verdict, so the tokens stay and the next request tries again.
    const refused = err instanceof ApiError && err.status >= 400 && err.status < 500
    if (refused && startedIn === generation) clearSession()
    return false
  }
}

/**
 * Gets new tokens with the refresh token. Concurrent callers share one call: the refresh token is single use,
 * so two parallel refreshes would make the server see a reuse and end the session.
 */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing
  const session = getSession()
  if (!session) return Promise.resolve(false)
  refreshing = doRefresh(session).finally(() => {
    refreshing = null
  })
  return refreshing
}

/** The access token for the next request, refreshed first when it is about to expire. */
export async function getAccessToken(): Promise<string | null> {
  if (refreshing) await refreshing
  const session = getSession()
  if (!session) return null
  if (Date.now() < session.expiresAt - EXPIRY_MARGIN_MS) return session.accessToken
  await refreshSession()
  return getSession()?.accessToken ?? null
}

/** Decides what a 401 on an authenticated request means: refresh and retry, or the session is gone. */
export async function handleAuthFailure(error: ApiError, usedToken: string): Promise<boolean> {
  const session = getSession()
  if (!session) return false
  // Another request already refreshed while this one was in flight: just send it again with the new token.
  if (session.accessToken !== usedToken) return true
  if (error.code === ErrorCode.TokenExpired) return refreshSession()
  clearSession()
  return false
}

/** Ends the session on the server (best effort) and forgets it on this phone. */
export async function signOut(): Promise<void> {
  if (!isSignedIn()) return
  try {
    await logout()
  } catch {
    // Offline or already revoked: the tokens are dropped below either way, and expire on the server.
  }
  clearSession()
}

/** Wires the request wrapper to this session: Bearer tokens, refresh on expiry, sign-out when refused. */
export function installSession(): void {
  setAuthTokenGetter(getAccessToken)
  setAuthFailureHandler(handleAuthFailure)
}

/** Test helper: forgets the in-memory state so the next read comes from storage again. */
export function resetSessionForTests(): void {
  current = undefined
  refreshing = null
  generation = 0
  listeners.clear()
}
