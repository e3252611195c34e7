// Helpers for page smoke tests.
import { act } from '@testing-library/react'
import type { AuthTokensDto } from '@cunwu/domain'
import { __clearStorage } from '../__mocks__/taro'
import { installSession, resetSessionForTests, saveTokens } from '../../src/services/session'
import { buildTokens } from './builders'

/** Lets pending fake-server answers settle and React apply the state updates (a few rounds for chained calls). */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
  }
}

/** Starts each test signed out with an empty storage and the session wired to the request wrapper. */
export function resetSession(): void {
  __clearStorage()
  resetSessionForTests()
  installSession()
}

/** Signs a fake user in (tokens in storage), as the sign-in page would. */
export function signIn(name = 'user'): void {
  saveTokens(buildTokens(name))
}

/**
 * Signs a person in with a token naming them (a JWT-shaped, unsigned token whose payload's `sub` is `id`, as the
 * BFF's are): what the phone keeps for a person (typed text, the offline cache) needs to know who it is, which
 * {@link signIn}'s plain tokens do not say. `n` makes a new token for the same person (a refresh).
 */
export function signInAs(id: string, n = 0): void {
  saveTokens(personTokens(id, n))
}

/** The tokens {@link signInAs} saves. */
export function personTokens(id: string, n = 0): AuthTokensDto {
  const payload = Buffer.from(JSON.stringify({ sub: id, sid: `s${n}` })).toString('base64url')
  return {
    accessToken: `eyJhbGciOiJIUzI1NiJ9.${payload}.sig${n}`,
    refreshToken: `refresh-${id}-${n}-0123456789`,
    expiresIn: 86_400,
  }
}

/**
 * Two taps on the same element before React renders again: what a double tap or a shaky finger does on a slow
 * phone (the busy state that disables the button only applies after the next render).
 */
export function doubleTap(element: Element): void {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
  })
}
