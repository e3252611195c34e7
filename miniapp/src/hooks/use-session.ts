import { useSyncExternalStore } from 'react'
import { getSession, subscribeSession, type Session } from '@/services/session'

/** The current session (null when signed out); the component re-renders on sign-in, refresh and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(subscribeSession, getSession, getSession)
}
