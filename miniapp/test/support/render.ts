// Helpers for page smoke tests.
import { act } from '@testing-library/react'
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
 * Two taps on the same element before React renders again: what a double tap or a shaky finger does on a slow
 * phone (the busy state that disables the button only applies after the next render).
 */
export function doubleTap(element: Element): void {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }))
  })
}
